package bench

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Postfix is postfix's smtp-sink and smtp-source, the reference SMTP
// receiver and load generator.
type Postfix struct {
	Sink, Source string
	LibDir       string // LD_LIBRARY_PATH for an unpacked (not installed) package
}

// HowToGetPostfix says how to obtain smtp-sink without installing the MTA.
const HowToGetPostfix = `smtp-sink and smtp-source (Debian package postfix) were not found.
Get them without installing or configuring the mail server:

  mkdir -p /tmp/postfix && cd /tmp/postfix && apt-get download postfix && dpkg -x postfix_*.deb /tmp/postfix

then run the bench with RELANCE_POSTFIX_DIR=/tmp/postfix (or --smtp-sink /tmp/postfix/usr/sbin/smtp-sink).`

// FindPostfix looks for smtp-sink at sinkPath (smtp-source next to it),
// else in dir (RELANCE_POSTFIX_DIR, an unpacked package or a folder holding
// the programs), else on PATH and in /usr/sbin.
func FindPostfix(sinkPath, dir string) (*Postfix, error) {
	var candidates []Postfix
	switch {
	case sinkPath != "":
		d := filepath.Dir(sinkPath)
		p := Postfix{Sink: sinkPath, Source: filepath.Join(d, "smtp-source")}
		if lib := filepath.Join(d, "..", "lib", "postfix"); isDir(lib) {
			p.LibDir = lib
		}
		candidates = append(candidates, p)
	case dir != "":
		candidates = append(candidates,
			Postfix{Sink: filepath.Join(dir, "usr/sbin/smtp-sink"), Source: filepath.Join(dir, "usr/sbin/smtp-source"), LibDir: filepath.Join(dir, "usr/lib/postfix")},
			Postfix{Sink: filepath.Join(dir, "smtp-sink"), Source: filepath.Join(dir, "smtp-source")})
	default:
		if p, err := exec.LookPath("smtp-sink"); err == nil {
			candidates = append(candidates, Postfix{Sink: p, Source: filepath.Join(filepath.Dir(p), "smtp-source")})
		}
		candidates = append(candidates, Postfix{Sink: "/usr/sbin/smtp-sink", Source: "/usr/sbin/smtp-source"})
	}
	for _, p := range candidates {
		if isExec(p.Sink) && isExec(p.Source) {
			if p.LibDir != "" && !isDir(p.LibDir) {
				p.LibDir = ""
			}
			return &p, nil
		}
	}
	return nil, errors.New(HowToGetPostfix)
}

func isExec(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func (p *Postfix) command(ctx context.Context, prog string, args ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, prog, args...)
	c.Env = os.Environ()
	if p.LibDir != "" {
		c.Env = append(c.Env, "LD_LIBRARY_PATH="+p.LibDir)
	}
	return c
}

// Sink is a running smtp-sink.
type Sink struct {
	Addr string
	cmd  *exec.Cmd
	log  *os.File
}

// StartSink runs smtp-sink on a free loopback port, its output (a line per
// message) into logPath.
func (p *Postfix) StartSink(ctx context.Context, logPath string) (*Sink, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	var args []string
	if os.Geteuid() == 0 {
		args = append(args, "-u", "nobody") // smtp-sink refuses to run as root
	}
	args = append(args, addr, "256")
	f, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := p.command(context.WithoutCancel(ctx), p.Sink, args...)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("bench: start smtp-sink: %w", err)
	}
	s := &Sink{Addr: addr, cmd: cmd, log: f}
	for deadline := time.Now().Add(5 * time.Second); ; {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return s, nil
		}
		if time.Now().After(deadline) {
			s.Stop()
			out, _ := os.ReadFile(logPath)
			return nil, fmt.Errorf("bench: smtp-sink did not listen on %s: %v; its output: %s", addr, err, strings.TrimSpace(string(out)))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// URL is the RELANCE_SMTP_URL that delivers into the sink.
func (s *Sink) URL() string { return "smtp://" + s.Addr + "?tls=none" }

// Stop ends the sink (our child, by its pid).
func (s *Sink) Stop() {
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.log.Close()
}

// SourceResult is one smtp-source run.
type SourceResult struct {
	Command   string        `json:"command"`
	Messages  int           `json:"messages"`
	Sessions  int           `json:"sessions"`
	Size      int           `json:"size"`
	Wall      time.Duration `json:"wall_ns"`
	PerSecond float64       `json:"per_second"`
	Load      float64       `json:"load"`
}

// RunSource sends count messages of size bytes over sessions kept-open
// sessions (smtp-source -d) into the sink, and times it.
func (p *Postfix) RunSource(ctx context.Context, addr string, sessions, count, size int) (SourceResult, error) {
	args := []string{"-d", "-s", strconv.Itoa(sessions), "-m", strconv.Itoa(count), "-l", strconv.Itoa(size),
		"-f", "bench@relance.localhost", "-t", "sink@example.com", addr}
	res := SourceResult{Command: "smtp-source " + strings.Join(args, " "), Messages: count, Sessions: sessions, Size: size, Load: LoadAvg()}
	cmd := p.command(ctx, p.Source, args...)
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	res.Wall = time.Since(t0)
	if err != nil {
		return res, fmt.Errorf("bench: %s: %w: %s", res.Command, err, strings.TrimSpace(string(out)))
	}
	res.PerSecond = float64(count) / res.Wall.Seconds()
	return res, nil
}
