package i18n

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// unmarshalTOML reads the small subset of TOML the catalogues use:
//
//	# comment
//	id = "text"
//	[plural_id]
//	one = "…"
//	other = "…"
//
// It exists so that the catalogues can stay in go-i18n's usual TOML form
// without adding a TOML module to go.mod for two flat files. Anything else
// (arrays, multi-line strings, dotted keys) is an error naming the line.
func unmarshalTOML(data []byte, v any) error {
	out, ok := v.(*any)
	if !ok {
		return fmt.Errorf("toml: want *any, got %T", v)
	}
	root := map[string]any{}
	cur := root
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "["):
			name, ok := strings.CutSuffix(line, "]")
			name = strings.TrimSpace(strings.TrimPrefix(name, "["))
			if !ok || !bareKey(name) {
				return fmt.Errorf("toml: line %d: bad table header %q", n, line)
			}
			if _, dup := root[name]; dup {
				return fmt.Errorf("toml: line %d: duplicate key %q", n, name)
			}
			cur = map[string]any{}
			root[name] = cur
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		key = strings.TrimSpace(key)
		if !ok || !bareKey(key) {
			return fmt.Errorf("toml: line %d: want key = \"value\"", n)
		}
		s, err := strconv.Unquote(strings.TrimSpace(val))
		if err != nil || !strings.HasPrefix(strings.TrimSpace(val), `"`) {
			return fmt.Errorf("toml: line %d: value of %q must be one double-quoted string", n, key)
		}
		if _, dup := cur[key]; dup {
			return fmt.Errorf("toml: line %d: duplicate key %q", n, key)
		}
		cur[key] = s
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("toml: %w", err)
	}
	*out = root
	return nil
}

func bareKey(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
