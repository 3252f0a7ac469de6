package backup

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// manifestJSON writes m as json.MarshalIndent(m, "", "  ") does, byte for
// byte. The list of members, one for every record of the journal, is most
// of a manifest and is written here directly; the rest goes through
// encoding/json.
func manifestJSON(m Manifest) ([]byte, error) {
	members := m.Members
	m.Members = nil
	head, err := json.MarshalIndent(m, "", "  ")
	if err != nil || members == nil {
		return head, err
	}
	const tail = "null\n}"
	if !bytes.HasSuffix(head, []byte(tail)) {
		m.Members = members
		return json.MarshalIndent(m, "", "  ") // not the shape expected: the long way
	}
	out := make([]byte, 0, len(head)+len(members)*160)
	out = append(out, head[:len(head)-len(tail)]...)
	if len(members) == 0 {
		return append(out, "[]\n}"...), nil
	}
	out = append(out, '[')
	for i, mm := range members {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, "\n    {\n      \"name\": "...)
		out = appendString(out, mm.Name)
		out = append(out, ",\n      \"size\": "...)
		out = strconv.AppendInt(out, mm.Size, 10)
		out = append(out, ",\n      \"sha256\": "...)
		out = appendString(out, mm.SHA256)
		out = append(out, "\n    }"...)
	}
	return append(out, "\n  ]\n}"...), nil
}

// appendString appends s as encoding/json writes a string: as it is when
// it is plain ASCII that needs no escape, as names and checksums are, and
// through encoding/json otherwise.
func appendString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s) // a string always encodes
			return append(dst, b...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}
