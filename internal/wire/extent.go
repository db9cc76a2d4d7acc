package wire

import "bytes"

// objectExtent returns the end of the JSON object that starts at s[i] ('{'),
// following only its brackets and strings: it does not check the syntax.
// The shared-item lookup (itemshare.go) needs no more: a hit means bytes
// equal to an item decoded (and so checked) before, and a miss goes through
// the checking decoder. ok is false when the brackets never close.
func objectExtent(s []byte, i int) (end int, ok bool) {
	depth := 0
	for i < len(s) {
		switch s[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		case '"':
			for {
				q := bytes.IndexByte(s[i+1:], '"')
				if q < 0 {
					return 0, false
				}
				i += 1 + q
				bs := 0 // an odd run of backslashes escapes the quote
				for j := i - 1; s[j] == '\\'; j-- {
					bs++
				}
				if bs%2 == 0 {
					break
				}
			}
		}
		i++
	}
	return 0, false
}
