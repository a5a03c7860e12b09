package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// EnvPrefix starts every environment variable that overrides a setting.
const EnvPrefix = "CIVGRAPH_"

// setting is one leaf of Config reached through yaml-tagged structs; this
// one walk drives environment overrides, credential files, printing and
// Describe, so a new field needs no code beyond its tags.
type setting struct {
	path  []string // yaml keys from the root
	field reflect.StructField
	value reflect.Value // settable when walked from a pointer
}

func (s setting) key() string { return strings.Join(s.path, ".") }

func (s setting) env() string { return EnvName(s.key()) }

func (s setting) secret() bool { return s.field.Type == secretType }

var (
	secretType   = reflect.TypeFor[Secret]()
	durationType = reflect.TypeFor[time.Duration]()
)

// settings lists the leaves of c in declaration order.
func settings(c *Config) []setting {
	var out []setting
	walk(reflect.ValueOf(c).Elem(), nil, &out)
	return out
}

func walk(v reflect.Value, path []string, out *[]setting) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		fv := v.Field(i)
		switch {
		case f.Anonymous && opts == "inline":
			walk(fv, path, out)
		case f.Type.Kind() == reflect.Struct:
			walk(fv, append(clone(path), name), out)
		default:
			*out = append(*out, setting{path: append(clone(path), name), field: f, value: fv})
		}
	}
}

func clone(p []string) []string { return append([]string(nil), p...) }

// set parses s into the setting's value, by its type.
func (s setting) set(raw string) error {
	v := s.value
	switch {
	case v.Type() == durationType:
		d, err := time.ParseDuration(strings.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("want a duration such as 750ms or 2m: %w", err)
		}
		v.SetInt(int64(d))
	case v.Kind() == reflect.String:
		v.SetString(raw)
	case v.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("want true or false: %w", err)
		}
		v.SetBool(b)
	case v.Kind() == reflect.Int, v.Kind() == reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, v.Type().Bits())
		if err != nil {
			return fmt.Errorf("want an integer: %w", err)
		}
		v.SetInt(n)
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String:
		var items []string
		for item := range strings.SplitSeq(raw, ",") {
			if item = strings.TrimSpace(item); item != "" {
				items = append(items, item)
			}
		}
		v.Set(reflect.ValueOf(items))
	default:
		// A programming error caught by the tests, not by users.
		return fmt.Errorf("unsupported setting type %s", v.Type())
	}
	return nil
}

// format renders the setting's value the way the environment would take it;
// credentials are redacted.
func (s setting) format() string {
	switch v := s.value.Interface().(type) {
	case []string:
		return strings.Join(v, ",")
	case fmt.Stringer:
		return v.String()
	default:
		return fmt.Sprint(v)
	}
}
