package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/store"
)

// Machine describes where the figures were taken.
type Machine struct {
	Date      time.Time `json:"date"`
	Cores     int       `json:"cores"`
	GoVersion string    `json:"go_version"`
	CPUModel  string    `json:"cpu_model"`
	Kernel    string    `json:"kernel"`
	Load      float64   `json:"load"`
}

// ThisMachine reads the machine facts for a report header.
func ThisMachine() Machine {
	m := Machine{Date: time.Now(), Cores: runtime.NumCPU(), GoVersion: runtime.Version(), CPUModel: cpuModel(), Load: LoadAvg()}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	return m
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown (" + runtime.GOARCH + ")"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown (" + runtime.GOARCH + ")"
}

// LoadAvg is the one-minute load average, -1 when unknown.
func LoadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return -1
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return -1
	}
	return v
}

// WaitLoad waits up to max for the one-minute load average to fall below
// limit (0: no wait), and returns the load it ends at.
func WaitLoad(limit float64, max time.Duration, say func(string)) float64 {
	l := LoadAvg()
	if limit <= 0 || l < 0 || l < limit {
		return l
	}
	say("waiting for the load average (" + strconv.FormatFloat(l, 'f', 2, 64) + ") to fall below " + strconv.FormatFloat(limit, 'f', 2, 64))
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) {
		time.Sleep(5 * time.Second)
		if l = LoadAvg(); l < limit {
			return l
		}
	}
	say("load still " + strconv.FormatFloat(l, 'f', 2, 64) + ": measuring anyway, the load is recorded with the figure")
	return l
}

// PeakRSS is VmHWM of this process, in bytes (0 when unknown).
func PeakRSS() int64 { return statusKB("VmHWM:") * 1024 }

func statusKB(key string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte(key)); ok {
			f := strings.Fields(string(rest))
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// ResetPeakRSS makes VmHWM start again from the current RSS (Linux ≥ 4.0,
// /proc/self/clear_refs "5"). It reports whether the reset took.
func ResetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// CPUTime is the user and system CPU time of this process so far.
func CPUTime() (user, sys time.Duration) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}

// backendCPU is the CPU time (user + system) so far of each PostgreSQL
// backend connected to the store's database, by process id, read from
// /proc/PID/stat: the server must run on this machine. It is nil on
// SQLite. A backend that ends between two readings takes its time with it,
// so the caller reads while its pool is still open.
func backendCPU(ctx context.Context, s *store.Store) (map[int]time.Duration, error) {
	if s.Dialect() != store.Postgres {
		return nil, nil
	}
	var pids []int
	if err := sqlx.SelectContext(ctx, s.DB(), &pids, `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`); err != nil {
		return nil, err
	}
	out := make(map[int]time.Duration, len(pids))
	for _, pid := range pids {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return nil, fmt.Errorf("bench: PostgreSQL backend %d is not on this machine: %w", pid, err)
		}
		// The command (field 2) may hold spaces: fields count after its ")".
		rest := b[bytes.LastIndexByte(b, ')')+1:]
		f := strings.Fields(string(rest))
		if len(f) < 13 {
			return nil, fmt.Errorf("bench: /proc/%d/stat: too few fields", pid)
		}
		utime, _ := strconv.ParseInt(f[11], 10, 64) // field 14
		stime, _ := strconv.ParseInt(f[12], 10, 64) // field 15
		out[pid] = time.Duration(utime+stime) * time.Second / clockTicks
	}
	return out, nil
}

// clockTicks is USER_HZ, the unit of /proc's CPU times (100 on Linux).
const clockTicks = 100
