package search

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"tend/journal"
)

// TestIndexLarge builds the 100,000-entry journal of the benchmark and
// checks that search over it finds what was put in. Set TEND_BENCH_LARGE=1
// to run it; it takes several seconds.
func TestIndexLarge(t *testing.T) {
	if !largeSearch() {
		t.Skip("set TEND_BENCH_LARGE=1 to build a 100,000-entry index")
	}
	c := benchCorpus(100_000)
	t.Logf("built %d entries in %v; index about %.1f MB", c.ix.Len(), c.build, float64(c.heap)/(1<<20))
	for _, bq := range benchQueries {
		hits, total, err := c.ix.Search(ParseQuery(bq.query), 0, 20, c.verify)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 && !strings.HasSuffix(bq.name, "-none") {
			t.Errorf("%s %q found nothing", bq.name, bq.query)
		}
		t.Logf("%-10s %-28q total %d", bq.name, bq.query, total)
	}
}

// The benchmark journal: a deterministic generator of entries that read a
// little like journal writing, with a Zipf-like spread of words (a few
// hundred common ones, a long tail of rare ones), accents, phrases that
// recur, tags and check-ins.

var benchCommon = strings.Fields(`i the and to a of my it was that me in he is
for but not with feel felt what so this be on have just he she they we about like
when all do if at how know him her us really more can would want think time one
today out them then again because trust after still as there from no or even
safe need partner again been why did something said had up day love feeling
afraid anxious hurt scared tired calm better worse lonely close distance space
talk listen heard told asked texted called waited promise promised kept broke
honest lie lied truth secret phone message silence weekend night morning work
home child little younger older mother father family school remember memory
body chest breath breathe stomach shoulders tight heavy light warm cold tears
cry cried laugh smiled hug hold held touch gentle kind harsh angry anger shame
guilt fear hope wish wanted needed pattern again before first last next week
month year slowly small step steps reassure reassured comfort comforted voice
letter write writing wrote read therapist session therapy counsellor notice
noticed pattern trigger triggered spiral calmer grounded present past future
betrayal betrayed cheat cheated affair ghosted abandoned rejection rejected
attachment avoidant secure disorganised boundary boundaries respect matched
actions words behaviour consistent consistency change changed choose choice
lean stay leave step back give chance forgive forgiveness repair apology sorry
sister brother friend friends dog cat walk walked coffee café dinner bed sleep
slept dream dreamt nightmare naïve façade déjà vu crème brûlée über rêve
straße mädchen søren`)

var benchTags = []string{
	"therapy", "inner-child", "body", "partner", "family", "work",
	"sleep", "anxiety", "progress", "gratitude", "Café", "letters", "ghosted", "repair",
}

var benchPhrases = []string{
	"felt safe", "inner child", "trust takes time",
	"I noticed", "it hurt", "he promised", "words and actions", "my younger self",
	"take space", "one step at a time",
}

// The journal's entries in Japanese and Chinese: words written without
// spaces, the common ones first, and phrases that recur. Particles and
// other short words come first, as they are the most common.
var (
	benchJapanese = strings.Fields(`は を が に の で と も て た 私 今日 彼 信頼 気持ち 心 不安
安心 自分 少し 話した 言った 泣いた 怖い 嬉しい 家族 母 父 子供 約束 嘘 本当 仕事 夜 朝
電話 メッセージ 待った 信じる 大切 一人 関係 相手 言葉 行動 過去 傷 許す 境界線 セラピー
カウンセラー 呼吸 体 胸 痛い 静か 散歩 コーヒー 眠れない 夢 思い出 昔 ありがとう
ごめんなさい 見捨てられる 寂しい 怒り 恥 希望 一歩 ゆっくり 田中さん`)
	benchJapanesePhrases = []string{"信頼を学んでいます", "少しずつ", "自分を大切にする", "彼の言葉と行動", "一歩ずつ"}

	benchChinese = strings.Fields(`我 的 了 是 在 他 不 很 今天 信任 感觉 心 害怕 安全 自己 一点
说 哭了 家人 妈妈 爸爸 孩子 承诺 谎言 真的 工作 晚上 早上 电话 消息 等了 相信 重要 关系
伴侣 话 行动 过去 伤害 原谅 边界 治疗 呼吸 身体 胸口 安静 散步 咖啡 睡不着 梦 回忆 慢慢
学习 谢谢 对不起 孤独 生气 羞耻 希望 一步`)
	benchChinesePhrases = []string{"我在学习信任", "慢慢来", "一步一步"}
)

// benchKanji returns the r-th rare word written in ideographs: a made-up
// compound of one to four characters, as benchWord makes rare words from
// syllables.
func benchKanji(r int) string {
	kanji := []rune("雪月花風森川海空星光影夢音色香味石鳥竹松梅桜霧雲雷虹泉岩砂波灯丘")
	var b strings.Builder
	for {
		b.WriteRune(kanji[r%len(kanji)])
		r /= len(kanji)
		if r == 0 {
			return b.String()
		}
	}
}

// benchUnspaced returns words of text in vocab, without spaces, with
// sentences ended by "。", a phrase now and then, and rare compounds from
// the same Zipf spread as the English words.
func benchUnspaced(rng *rand.Rand, zipf *rand.Zipf, vocab, phrases []string, words int) string {
	var b strings.Builder
	for range words {
		switch {
		case rng.IntN(40) == 0:
			b.WriteString(phrases[rng.IntN(len(phrases))])
		case rng.IntN(10) == 0:
			b.WriteString(benchKanji(int(zipf.Uint64())))
		default:
			b.WriteString(vocab[rng.IntN(rng.IntN(len(vocab))+1)])
		}
		if rng.IntN(12) == 0 {
			b.WriteString("。")
		}
	}
	return b.String()
}

// benchWord returns the r-th word of the vocabulary: common words first,
// then made-up rare ones built from syllables.
func benchWord(r int) string {
	if r < len(benchCommon) {
		return benchCommon[r]
	}
	r -= len(benchCommon)
	syl := []string{"ka", "lo", "mi", "ren", "sa", "tor", "vel", "quin", "dra", "phe", "ny", "zu", "bre", "ost", "ai", "lé"}
	var b strings.Builder
	for {
		b.WriteString(syl[r%len(syl)])
		r /= len(syl)
		if r == 0 {
			return b.String()
		}
	}
}

const benchVocab = 60_000

func benchEntry(rng *rand.Rand, zipf *rand.Zipf, i, n int) *journal.Entry {
	words := 60 + rng.IntN(380)
	if rng.IntN(50) == 0 {
		words = 1000 + rng.IntN(2500) // the long tail, up to ~20 KB
	}
	var b strings.Builder
	title := benchWord(int(zipf.Uint64())) + " " + benchWord(int(zipf.Uint64()))
	// One entry in twelve is written in Japanese and one in twenty-four in
	// Chinese; the English ones now and then name someone in Japanese.
	switch rng.IntN(24) {
	case 0, 1:
		b.WriteString(benchUnspaced(rng, zipf, benchJapanese, benchJapanesePhrases, words))
		title = benchUnspaced(rng, zipf, benchJapanese, benchJapanesePhrases, 2)
		words = 0
	case 2:
		b.WriteString(benchUnspaced(rng, zipf, benchChinese, benchChinesePhrases, words))
		title = benchUnspaced(rng, zipf, benchChinese, benchChinesePhrases, 2)
		words = 0
	}
	for w := 0; w < words; w++ {
		switch {
		case rng.IntN(4000) == 0:
			b.WriteString("田中さん")
		case rng.IntN(40) == 0:
			b.WriteString(benchPhrases[rng.IntN(len(benchPhrases))])
		case rng.IntN(12) == 0:
			w := benchWord(int(zipf.Uint64()))
			r, n := utf8.DecodeRuneInString(w)
			b.WriteString(". ")
			b.WriteRune(unicode.ToUpper(r))
			b.WriteString(w[n:])
		default:
			b.WriteString(benchWord(int(zipf.Uint64())))
		}
		b.WriteByte(' ')
	}
	day := journal.Date{Year: 2016, Month: 1, Day: 1}.AddDays(i * 3650 / n) // ten years, several entries a day
	e := &journal.Entry{
		ID: journal.NewID(), Kind: journal.KindFree, Date: day,
		Created: day.Time(), Updated: day.Time().Add(time.Duration(rng.IntN(86400)) * time.Second),
		Title: title,
		Body:  b.String(),
	}
	for range rng.IntN(4) {
		e.Tags = append(e.Tags, benchTags[rng.IntN(len(benchTags))])
	}
	e.Tags = journal.NormalizeTags(e.Tags)
	if rng.IntN(8) == 0 {
		e.Kind = journal.KindCheckIn
		e.Fields.CheckIn = &journal.CheckIn{Safety: rng.IntN(11), Emotions: []string{"calm", "anxious"}[:1+rng.IntN(2)], BodyNotes: "tight chest"}
	}
	if rng.IntN(50) == 0 {
		e.Deleted = e.Updated
	}
	return e
}

type benchJournal struct {
	ix    *Index
	byID  map[journal.ID]*journal.Entry
	build time.Duration
	heap  uint64 // bytes the index holds, measured after GC
	text  int    // bytes of text indexed

	fetches atomic.Int64 // verify calls
}

func (c *benchJournal) verify(id journal.ID) (*journal.Entry, error) {
	c.fetches.Add(1)
	if e, ok := c.byID[id]; ok {
		return e, nil
	}
	return nil, journal.ErrNotFound
}

var (
	benchMu       sync.Mutex
	benchJournals = map[int]*benchJournal{}
)

// benchCorpus returns the journal of n entries, building it once.
func benchCorpus(n int) *benchJournal {
	benchMu.Lock()
	defer benchMu.Unlock()
	if c, ok := benchJournals[n]; ok {
		return c
	}
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	zipf := rand.NewZipf(rng, 1.1, 2, benchVocab-1)
	c := &benchJournal{byID: make(map[journal.ID]*journal.Entry, n)}
	entries := make([]*journal.Entry, n)
	for i := range entries {
		e := benchEntry(rng, zipf, i, n)
		entries[i] = e
		c.byID[e.ID] = e
		c.text += len(e.Title) + len(e.Body)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	c.ix = NewIndex()
	for _, e := range entries {
		c.ix.Put(e)
	}
	c.build = time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	c.heap = after.HeapAlloc - before.HeapAlloc
	benchJournals[n] = c
	return c
}

var benchQueries = []struct{ name, query string }{
	{"common", "feel"},
	{"rare", benchWord(len(benchCommon) + 4000)},
	{"prefix", "betra"},
	{"one-letter", "s"},
	{"two-words", "trust partner"},
	{"phrase", `"felt safe"`},
	{"phrase-rare", `"one step at a time"`},
	// Common words, rarely side by side: the case the pair filters are for.
	{"phrase-none", `"trust my body"`},
	{"relevance", "trust anxious sort:relevance"},
	// Every query above comes best first, the default; these ask for the
	// newest first instead.
	{"common-newest", "feel sort:newest"},
	{"one-letter-newest", "s sort:newest"},
	// Japanese and Chinese, found anywhere in a sentence: a common word,
	// a rare compound of three characters (two pairs, side by side), one
	// character, four characters from the middle of a phrase, common
	// characters that rarely stand together, a Chinese word, and a name
	// in English entries.
	{"cjk", "信頼"},
	{"cjk-rare", benchKanji(1500)},
	{"cjk-one-char", "心"},
	{"cjk-substring", "を学んで"},
	{"cjk-none", "信頼を大切"},
	{"cjk-chinese", "信任"},
	{"cjk-mixed", "田中さん"},
	// Accents: asked without the journal's, and with them.
	{"unaccented", "cafe"},
	{"accented", "Straße"},
	{"tag", "#therapy from:2020-01-01"},
	{"list", ""},
}

// BenchmarkIndexSearch measures warm searches over generated journals of
// 10,000 entries, and 100,000 with -bench-large or TEND_BENCH_LARGE=1. Each
// sub-benchmark reports the median and 99th-percentile latency; the
// build-only benchmark reports index size and build time.
func BenchmarkIndexSearch(b *testing.B) {
	sizes := []int{10_000}
	if largeSearch() {
		sizes = append(sizes, 100_000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d/build", n), func(b *testing.B) {
			c := benchCorpus(n)
			for b.Loop() {
			}
			b.ReportMetric(float64(c.heap)/(1<<20), "index-MB")
			b.ReportMetric(float64(c.text)/(1<<20), "text-MB")
			b.ReportMetric(float64(c.build.Milliseconds()), "build-ms")
		})
		for _, bq := range benchQueries {
			b.Run(fmt.Sprintf("n=%d/%s", n, bq.name), func(b *testing.B) {
				c := benchCorpus(n)
				q := ParseQuery(bq.query)
				var lat []time.Duration
				total := 0
				fetched := c.fetches.Load()
				for b.Loop() {
					start := time.Now()
					hits, tot, err := c.ix.Search(q, 0, 20, c.verify)
					lat = append(lat, time.Since(start))
					if err != nil || len(hits) == 0 && !strings.HasSuffix(bq.name, "-none") {
						b.Fatalf("%q: %d hits, %v", bq.query, len(hits), err)
					}
					total = tot
				}
				sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
				b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
				b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
				b.ReportMetric(float64(total), "total")
				b.ReportMetric(float64(c.fetches.Load()-fetched)/float64(len(lat)), "fetches/op")
			})
		}
	}
}
