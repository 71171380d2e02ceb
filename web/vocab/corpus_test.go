package vocab

import (
	"math/rand/v2"
	"strings"
)

// corpusSize is how many texts the oracle corpus holds.
const corpusSize = 2400

// fragments are the pieces the corpus texts are built from: prose with
// contractions, code, many scripts (marks, CJK, RTL), emoji, numbers,
// punctuation and whitespace runs: the cases where the pre-tokenizers'
// alternatives meet.
var fragments = []string{
	"The quick brown fox jumps over the lazy dog. ", "I'm sure they'll say it's fine, but we've DON'T and CAN'T. ",
	"She'd've known", "'S 'T 'RE 'VE 'M 'LL 'D 'ſ", "o'clock", "rock'n'roll", "it'ſ", "'", "''", "'s",
	"HelloWorld", "XMLHttpRequest", "getHTTPResponseCode", "iPhone", "McDonald's", "ÉCOLE", "naïve café", "Straße",
	"func main() {\n\tfmt.Println(\"hi\")\n}\n", "def f(x):\n    return x ** 2  # square\n", "if (a && b) { return a->b; }",
	"{\"custom_id\": \"req-1\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\"}", "<div class=\"x\">&nbsp;</div>",
	"SELECT * FROM t WHERE id = 42;", "https://example.com/a/b?c=d&e=f#g", "C:\\Users\\me\\file.txt", "/usr/local/bin/", "//", "/*", "*/", "=>", "!==", "...",
	"中文的句子，包括标点。", "日本語のテキストです。カタカナとひらがな。", "한국어 문장입니다.", "繁體中文測試",
	"Привет, мир! Это тест.", "Γειά σου Κόσμε", "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया", "สวัสดีชาวโลก", "ᏣᎳᎩ",
	"e\u0301", "a\u0308\u0301", "\u0301\u0302", "Z\u0351\u0352\u0353", "ﷺ", "ǅungla", "ǈ", "ʰʲ", "ⅫⅣ", "½¾", "²³", "١٢٣٤٥", "१२३",
	"😀", "👍🏽", "👨‍👩‍👧‍👦", "🇫🇷🇯🇵", "❤️", "🤖✨", "™©®", "→←↑", "∑∫√", "€$£¥",
	"0", "7", "42", "123", "1234", "12345678901234567890", "3.14159", "1,000,000", "v1.2.3", "2026-12-02T21:38:37Z",
	" ", "  ", "   ", "\t", "\t\t", "\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n", " \n ", "  \n  ", "\u00a0", "\u3000", "\u2003", "\u2028", "\v\f", "\u0085",
	"!!!", "???", "---", "===", "***", "###", "@@", "$$", "%%", "^^", "~~", "``", "|", "\\", "\"", ";;", "::", ",", ".", "(", ")", "[]", "{}", "<>",
	"<|endoftext|>", "<|endofprompt|>", "<|fim_prefix|>",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ababababababababababababababababababababababababababababababababab",
	"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODkrLw==",
}

// codeRanges are blocks random characters are drawn from.
var codeRanges = [][2]rune{
	{0x20, 0x7e}, {0xa0, 0x24f}, {0x300, 0x36f}, {0x370, 0x3ff}, {0x400, 0x4ff}, {0x590, 0x6ff}, {0x900, 0x97f},
	{0xe00, 0xe5b}, {0x2000, 0x206f}, {0x3040, 0x30ff}, {0x4e00, 0x9fa5}, {0xac00, 0xd7a3}, {0x1f300, 0x1f64f}, {0xff01, 0xff5e},
}

// corpus returns the oracle corpus: corpusSize texts, deterministic.
// Most are short, some a few kilobytes, and every 100th a long document
// of tens of kilobytes.
func corpus() []string {
	rng := rand.New(rand.NewPCG(13, 2026))
	texts := make([]string, corpusSize)
	var b strings.Builder
	for i := range texts {
		b.Reset()
		parts := 1 + rng.IntN(24)
		switch {
		case i%100 == 99:
			parts = 2000 + rng.IntN(2000)
		case i%10 == 9:
			parts = 100 + rng.IntN(300)
		}
		for range parts {
			switch rng.IntN(4) {
			case 0: // a run of random characters of one block
				r := codeRanges[rng.IntN(len(codeRanges))]
				for range 1 + rng.IntN(12) {
					b.WriteRune(r[0] + rng.Int32N(r[1]-r[0]+1))
				}
			default:
				b.WriteString(fragments[rng.IntN(len(fragments))])
			}
		}
		texts[i] = b.String()
	}
	return texts
}
