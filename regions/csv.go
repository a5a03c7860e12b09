package regions

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// row is one data line of a CSV file, with its fields by column name.
type row struct {
	line   int // 1-based line in the file where the record starts
	fields map[string]string
}

func (r row) get(col string) string { return r.fields[col] }

// errorf returns an error naming the row's line; %w wraps as in fmt.Errorf.
func (r row) errorf(format string, args ...any) error {
	return fmt.Errorf("line %d: "+format, append([]any{r.line}, args...)...)
}

// eachRow calls fn for every data line of a CSV file whose header must
// contain the columns in want; other columns are ignored.
func eachRow(r io.Reader, want []string, fn func(row) error) error {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("line 1: empty file, want a header")
		}
		return fmt.Errorf("read header: %w", err)
	}
	header[0] = strings.TrimPrefix(header[0], "\ufeff") // a UTF-8 BOM, as spreadsheet exports add
	col := make(map[string]int, len(header))
	for i, h := range header {
		col[h] = i
	}
	for _, w := range want {
		if _, ok := col[w]; !ok {
			return fmt.Errorf("line 1: missing column %q", w)
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err // a *csv.ParseError names its line
		}
		line, _ := cr.FieldPos(0)
		fields := make(map[string]string, len(want))
		for _, w := range want {
			fields[w] = rec[col[w]]
		}
		if err := fn(row{line: line, fields: fields}); err != nil {
			return err
		}
	}
}
