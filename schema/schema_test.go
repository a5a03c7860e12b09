// Package schema_test checks the SDL in this directory: every type, field,
// argument, input field and enum value is described in Chinese and English.
package schema_test

import (
	"strings"
	"testing"
	"unicode"
)

func bilingual(s string) bool {
	var han, latin bool
	for _, r := range s {
		han = han || unicode.Is(unicode.Han, r)
		latin = latin || (r < unicode.MaxASCII && unicode.IsLetter(r))
	}
	return han && latin
}

func TestEverythingIsDescribedInChineseAndEnglish(t *testing.T) {
	schema := loadSchema(t)
	checked := 0
	check := func(what, desc string) {
		checked++
		if !bilingual(desc) {
			t.Errorf("%s: description %q is not in both Chinese and English", what, desc)
		}
	}
	for name, def := range schema.Types {
		if def.BuiltIn || strings.HasPrefix(name, "__") {
			continue
		}
		check(name, def.Description)
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue // introspection fields the parser adds
			}
			check(name+"."+f.Name, f.Description)
			for _, a := range f.Arguments {
				check(name+"."+f.Name+"("+a.Name+")", a.Description)
			}
		}
		for _, v := range def.EnumValues {
			check(name+"."+v.Name, v.Description)
		}
	}
	if checked < 200 {
		t.Fatalf("checked only %d descriptions; the schema did not load as expected", checked)
	}
}
