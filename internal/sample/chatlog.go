package sample

import (
	"math/rand/v2"
	"strings"
	"time"
)

// chatWords is the vocabulary of the generated long entries.
var chatWords = strings.Fields(`I you we they it said felt wanted needed
waited called texted promised trust again tonight tomorrow sorry always
never maybe honest kind afraid safe home work late early dinner walk
message reply heart chest breath calm quiet loud together apart listen
remember forget little child garden window rain morning letter phone`)

// ChatLog returns about n bytes of a pasted chat log: dated lines of
// ordinary words, seeded so a test can make it again.
func ChatLog(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 7))
	var b strings.Builder
	b.Grow(n + 200)
	names := []string{"Sam", "Alex"}
	for line := 0; b.Len() < n; line++ {
		b.WriteString("[2024-05-")
		b.WriteByte(byte('1' + line%9))
		b.WriteString(" ")
		b.WriteString(time.Duration(line % 86400 * int(time.Second)).String())
		b.WriteString("] ")
		b.WriteString(names[r.IntN(2)])
		b.WriteString(": ")
		for w := 3 + r.IntN(14); w > 0; w-- {
			b.WriteString(chatWords[r.IntN(len(chatWords))])
			if w > 1 {
				b.WriteByte(' ')
			}
		}
		b.WriteString(".\n")
	}
	return b.String()
}

// EditChatLog makes a small edit in the middle of text and appends a line, as a
// person going over a long entry would.
func EditChatLog(text string, i int) string {
	mid := len(text) / 3 * (1 + i%2)
	mid += strings.IndexByte(text[mid:], '\n') + 1
	line := "[note " + strings.Repeat("x", i%5) + "] I read this again and I am still here.\n"
	return text[:mid] + line + text[mid:] + "and one more line, edit " + time.Duration(i).String() + "\n"
}
