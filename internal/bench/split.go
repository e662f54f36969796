package bench

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protowire"
)

// Phase is one part of the send path and the CPU its samples took.
type Phase struct {
	Name string        `json:"name"`
	CPU  time.Duration `json:"cpu_ns"`
}

// phases name the parts of the send path by a function on the stack; a
// sample counts in the first phase whose function is found walking from
// the leaf towards the root, so that the PDF inside compose is "pdf" and
// the garbage collector's assists inside anything are "gc".
var phases = []struct{ name, fn string }{
	{"gc", "runtime.gcBgMarkWorker"},
	{"gc", "runtime.gcAssistAlloc"},
	{"gc", "runtime.bgsweep"},
	{"gc", "runtime.bgscavenge"},
	{"pdf", "/internal/pdf.Render"},
	{"smtp", "/internal/mail.(*SMTP).Send"},
	{"compose", "/internal/engine.(*Engine).compose"},
	{"load", "/internal/store.(*Store).LoadSendContext"},
	{"load", "/internal/store.(*Store).LoadSendContexts"},
	{"recheck", "/internal/books.(*Books).Recheck"},
	{"link", "/internal/engine.(*Engine).NewLink"},
	{"link", "/internal/store.(*Store).CreateLinks"},
	{"mark sent", "/internal/books.(*Books).MarkSent"},
	{"mark sent", "/internal/books.(*Books).MarkSentMany"},
	{"claim", "/internal/store.(*Store).ClaimReminders"},
	{"claim", "/internal/store.(*Store).ClaimGroup"}, // the look for grouped rows before each claim
	{"bench", "/internal/bench.(*timing).Send"},      // the bench's own size sampling
}

// PhaseNames is the order phases are reported in; "other" is the rest.
var PhaseNames = []string{"pdf", "compose", "smtp", "load", "recheck", "link", "mark sent", "claim", "gc", "bench", "other"}

// SplitProfile reads a CPU profile (pprof's gzipped protocol buffer) and
// sums its samples' CPU by phase of the send path.
func SplitProfile(r io.Reader) ([]Phase, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("bench: profile: %w", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("bench: profile: %w", err)
	}
	p, err := decodeProfile(b)
	if err != nil {
		return nil, err
	}
	// The value to sum: the sample type "cpu" (nanoseconds).
	vi := -1
	for i, st := range p.sampleTypes {
		if p.str(st) == "cpu" {
			vi = i
		}
	}
	if vi < 0 {
		return nil, fmt.Errorf("bench: profile: no cpu sample type")
	}
	phaseOfFn := map[uint64]string{} // function id → phase ("" when none)
	for id, nameIdx := range p.functions {
		name := p.str(nameIdx)
		for _, ph := range phases {
			if strings.HasSuffix(name, ph.fn) {
				phaseOfFn[id] = ph.name
				break
			}
		}
	}
	sums := map[string]time.Duration{}
	for _, s := range p.samples {
		if vi >= len(s.values) {
			continue
		}
		phase := "other"
	stack:
		for _, loc := range s.locations { // leaf first
			for _, fn := range p.locations[loc] { // inlined frames, innermost first
				if ph := phaseOfFn[fn]; ph != "" {
					phase = ph
					break stack
				}
			}
		}
		sums[phase] += time.Duration(s.values[vi])
	}
	out := make([]Phase, 0, len(PhaseNames))
	for _, n := range PhaseNames {
		out = append(out, Phase{Name: n, CPU: sums[n]})
	}
	return out, nil
}

type profile struct {
	sampleTypes []int64 // string index of each value's type
	samples     []sample
	locations   map[uint64][]uint64 // location id → function ids, innermost first
	functions   map[uint64]int64    // function id → string index of its name
	strings     []string
}

type sample struct {
	locations []uint64
	values    []int64
}

func (p *profile) str(i int64) string {
	if i < 0 || int(i) >= len(p.strings) {
		return ""
	}
	return p.strings[i]
}

// decodeProfile reads the fields of profile.proto the split needs.
func decodeProfile(b []byte) (*profile, error) {
	p := &profile{locations: map[uint64][]uint64{}, functions: map[uint64]int64{}}
	err := fields(b, func(num protowire.Number, typ protowire.Type, v []byte, n uint64) error {
		switch num {
		case 1: // sample_type: ValueType{type = 1}
			var t int64
			err := fields(v, func(num protowire.Number, _ protowire.Type, _ []byte, n uint64) error {
				if num == 1 {
					t = int64(n)
				}
				return nil
			})
			p.sampleTypes = append(p.sampleTypes, t)
			return err
		case 2: // sample: location_id = 1, value = 2 (packed or not)
			var s sample
			err := fields(v, func(num protowire.Number, typ protowire.Type, v []byte, n uint64) error {
				switch num {
				case 1:
					s.locations = appendVarints(s.locations, typ, v, n)
				case 2:
					for _, x := range appendVarints(nil, typ, v, n) {
						s.values = append(s.values, int64(x))
					}
				}
				return nil
			})
			p.samples = append(p.samples, s)
			return err
		case 4: // location: id = 1, line = 4 {function_id = 1}
			var id uint64
			var fns []uint64
			err := fields(v, func(num protowire.Number, _ protowire.Type, v []byte, n uint64) error {
				switch num {
				case 1:
					id = n
				case 4:
					return fields(v, func(num protowire.Number, _ protowire.Type, _ []byte, n uint64) error {
						if num == 1 {
							fns = append(fns, n)
						}
						return nil
					})
				}
				return nil
			})
			p.locations[id] = fns
			return err
		case 5: // function: id = 1, name = 2
			var id uint64
			var name int64
			err := fields(v, func(num protowire.Number, _ protowire.Type, _ []byte, n uint64) error {
				switch num {
				case 1:
					id = n
				case 2:
					name = int64(n)
				}
				return nil
			})
			p.functions[id] = name
			return err
		case 6: // string_table
			p.strings = append(p.strings, string(v))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// fields calls fn with each field of a message: v for length-delimited
// ones, n for varints.
func fields(b []byte, fn func(num protowire.Number, typ protowire.Type, v []byte, n uint64) error) error {
	for len(b) > 0 {
		num, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return fmt.Errorf("bench: profile: %w", protowire.ParseError(l))
		}
		b = b[l:]
		var v []byte
		var n uint64
		switch typ {
		case protowire.VarintType:
			n, l = protowire.ConsumeVarint(b)
		case protowire.BytesType:
			v, l = protowire.ConsumeBytes(b)
		default:
			l = protowire.ConsumeFieldValue(num, typ, b)
		}
		if l < 0 {
			return fmt.Errorf("bench: profile: %w", protowire.ParseError(l))
		}
		b = b[l:]
		if err := fn(num, typ, v, n); err != nil {
			return err
		}
	}
	return nil
}

// appendVarints reads a repeated integer field, packed (bytes) or not.
func appendVarints(out []uint64, typ protowire.Type, v []byte, n uint64) []uint64 {
	if typ != protowire.BytesType {
		return append(out, n)
	}
	for len(v) > 0 {
		x, l := protowire.ConsumeVarint(v)
		if l < 0 {
			return out
		}
		out = append(out, x)
		v = v[l:]
	}
	return out
}

// splitBytes is SplitProfile of a profile held in memory.
func splitBytes(b []byte) ([]Phase, error) { return SplitProfile(bytes.NewReader(b)) }
