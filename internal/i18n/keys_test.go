package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tend/assets"
)

// TestEveryKeyInTheCodeIsInEnglish reads every Go file of Tend and fails
// when a message is asked for by a key English lacks, when a count is
// asked for without plural forms, or when the key is not written out as
// text, where neither this test nor a translator could find it.
func TestEveryKeyInTheCodeIsInEnglish(t *testing.T) {
	en := messages(t, assets.DefaultLanguage)
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	calls := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "build" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := c.Fun.(*ast.SelectorExpr)
			if !ok || len(c.Args) == 0 {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "i18n" {
				return true
			}
			fn := sel.Sel.Name
			if fn != "L" && fn != "N" && fn != "X" && fn != "Date" {
				return true
			}
			at := fset.Position(c.Pos())
			arg := c.Args[0]
			if fn == "Date" {
				if len(c.Args) < 2 {
					return true
				}
				arg = c.Args[1]
			}
			lit, ok := arg.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: i18n.%s is given a key that is not written out", at, fn)
				return true
			}
			key, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Errorf("%s: %v", at, err)
				return true
			}
			calls++
			v, ok := en[key]
			switch _, plural := v.(map[string]any); {
			case !ok:
				t.Errorf("%s: English has no message %q", at, key)
			case fn == "N" && !plural:
				t.Errorf("%s: %q is counted, but English has no plural forms for it", at, key)
			case fn != "N" && plural:
				t.Errorf("%s: %q has plural forms, but is asked for without a count", at, key)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 {
		t.Fatal("found no message asked for in the code: the test reads the wrong folder")
	}
}
