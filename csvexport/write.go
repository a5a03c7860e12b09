package csvexport

import (
	"bufio"
	"io"
	"strings"
)

// BOM is the UTF-8 byte-order mark the file starts with: without it Excel
// reads a CSV file in the machine's legacy code page and garbles Chinese.
const BOM = "\uFEFF"

// Write writes t as CSV as RFC 4180 says: the BOM, the header, then the
// rows, each line ended by CRLF, a field quoted when it holds a comma, a
// quote, CR or LF (or starts with a space), quotes doubled inside.
// encoding/csv's writer is not used: in its CRLF mode it drops a lone CR
// of a value and rewrites LF as CRLF, changing the values.
func Write(w io.Writer, t *Table) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(BOM)
	header := make([]string, len(t.Header))
	for i, h := range t.Header {
		header[i] = Neutralize(h) // aliases are the client's text too
	}
	writeRecord(bw, header)
	for _, r := range t.Rows {
		writeRecord(bw, r)
	}
	return bw.Flush()
}

func writeRecord(w *bufio.Writer, fields []string) {
	for i, f := range fields {
		if i > 0 {
			w.WriteByte(',')
		}
		if f == "" || !(strings.ContainsAny(f, ",\"\r\n") || f[0] == ' ') {
			w.WriteString(f)
			continue
		}
		w.WriteByte('"')
		w.WriteString(strings.ReplaceAll(f, `"`, `""`))
		w.WriteByte('"')
	}
	w.WriteString("\r\n")
}

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula (OWASP's CSV injection list: = + - @ tab and carriage
// return), with the full-width forms East Asian input methods type, which
// some spreadsheets also accept.
const formulaStarts = "=+-@\t\r＝＋－＠"

// Neutralize makes a text cell inert in a spreadsheet: one that starts
// like a formula gets a leading apostrophe, which spreadsheets take as
// "this is text" (OWASP's advice). Numbers are written as they are.
func Neutralize(s string) string {
	for _, r := range s {
		if strings.ContainsRune(formulaStarts, r) {
			return "'" + s
		}
		break
	}
	return s
}
