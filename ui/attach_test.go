package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/journal"
	"tend/vault"
)

// photoFile writes a w×h JPEG of soft colour named name into dir and
// returns its path.
func photoFile(t *testing.T, dir, name string, w, h int, tint uint8) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), tint, uint8(y * 255 / h), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// chooseFile makes the editor's file dialog answer path, as the desktop's
// own dialog would.
func chooseFile(ed *editorScreen, path string) {
	ed.files.system = func(pickRequest) (string, error) { return path, nil }
}

// storedFiles lists the files the journal keeps for entry id.
func storedFiles(t *testing.T, v *vault.Vault, id journal.ID) []journal.File {
	t.Helper()
	return getEntry(t, v, id).Files
}

// overlayTexts is every text in the window's top overlay, joined.
func overlayTexts(w fyne.Window) string { return strings.Join(shownNames(w), "|") }

func TestAttachByTheButtonAndToldOnce(t *testing.T) {
	u, v, ed := newEditor(t)
	dir := t.TempDir()
	typeAtEnd(ed.body, "The sea was calm today.")
	chooseFile(ed, photoFile(t, dir, "sea.jpg", 640, 480, 90))
	test.Tap(ed.attachBtn)

	files := storedFiles(t, v, ed.entry.ID)
	if len(files) != 1 || files[0].Name != "sea.jpg" || !files[0].IsImage() {
		t.Fatalf("the journal keeps %+v", files)
	}
	if got := getEntry(t, v, ed.entry.ID).Body; got != "The sea was calm today." {
		t.Fatalf("the words before the picture were not kept: %q", got)
	}
	if len(ed.strip.tiles) != 1 || ed.strip.tiles[0].thumb.Image == nil || !ed.strip.scroll.Visible() {
		t.Fatal("the strip does not show the picture's thumbnail")
	}
	if !strings.Contains(overlayTexts(u.win), pictureNote()) || !u.settings.ToldPictureMetadata() {
		t.Fatal("the first picture did not come with the note about what Tend takes out")
	}
	if !u.escape() {
		t.Fatal("Escape did not close the note")
	}

	chooseFile(ed, photoFile(t, dir, "shore.jpg", 300, 200, 40))
	test.Tap(ed.attachBtn)
	if len(storedFiles(t, v, ed.entry.ID)) != 2 || len(ed.strip.tiles) != 2 {
		t.Fatal("the second picture was not added")
	}
	if u.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("the note came again: %s", overlayTexts(u.win))
	}
}

// TestAttachSavesAnEmptyPage: adding a file to a page nothing is written
// on yet keeps the page, with the file.
func TestAttachSavesAnEmptyPage(t *testing.T) {
	_, v, ed := newEditor(t)
	doc := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(doc, []byte("%PDF-1.4 a letter to keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	chooseFile(ed, doc)
	test.Tap(ed.attachBtn)
	if ed.entry.Rev == 0 {
		t.Fatal("the page was not saved")
	}
	files := storedFiles(t, v, ed.entry.ID)
	if len(files) != 1 || files[0].Name != "letter.pdf" || files[0].IsImage() {
		t.Fatalf("the journal keeps %+v", files)
	}
	if len(ed.strip.tiles) != 1 || !slices.Contains(shownTexts(ed.strip.tiles[0]), fileSize(files[0].Size)) {
		t.Fatal("the strip does not show the file with its size")
	}
}

// shownTexts is every label's text inside o.
func shownTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, c := range test.LaidOutObjects(o) {
		if l, ok := c.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return out
}

func TestAttachRefusesTooBigCalmly(t *testing.T) {
	_, v, ed := newEditor(t)
	typeAtEnd(ed.body, "A long recording.")
	big := filepath.Join(t.TempDir(), "recording.wav")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(journal.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	chooseFile(ed, big)
	test.Tap(ed.attachBtn)
	if !strings.Contains(ed.status.Text, "recording.wav is larger than Tend can keep") {
		t.Fatalf("status says %q", ed.status.Text)
	}
	if n := len(storedFiles(t, v, ed.entry.ID)); n != 0 {
		t.Fatalf("%d files kept after a refusal", n)
	}
	if ed.attachBtn.Disabled() {
		t.Fatal("the button stays off after a refusal")
	}
}

// TestDropAttaches: files dropped onto the window while an entry is open
// are added to it.
func TestDropAttaches(t *testing.T) {
	u, v, ed := newEditor(t)
	typeAtEnd(ed.body, "Two from the walk.")
	dir := t.TempDir()
	a := storage.NewFileURI(photoFile(t, dir, "path.jpg", 200, 300, 10))
	b := storage.NewFileURI(photoFile(t, dir, "gate.jpg", 300, 200, 200))
	u.onDropped(fyne.NewPos(10, 10), []fyne.URI{a, b})
	if n := len(storedFiles(t, v, ed.entry.ID)); n != 2 {
		t.Fatalf("%d files kept after dropping two", n)
	}
}

// attachedEntry is an entry with a picture, opened to read.
func attachedEntry(t *testing.T, body string, w, h int) (*UI, *vault.Vault, *editorScreen, journal.File) {
	t.Helper()
	u, v := newUnlockedUI(t)
	u.settings.SetToldPictureMetadata()
	e := &journal.Entry{Title: "By the sea", Body: body}
	id := saveEntry(t, v, e)
	data, err := os.ReadFile(photoFile(t, t.TempDir(), "sea.jpg", w, h, 120))
	if err != nil {
		t.Fatal(err)
	}
	f, err := v.Attach(id, "sea.jpg", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	u.openEntry(id)
	return u, v, u.shell.editor, f
}

func TestViewerOpensAndEscapeCloses(t *testing.T) {
	u, _, ed, _ := attachedEntry(t, "A tall one.", 200, 900)
	if !ed.reading || len(ed.reader.files.tiles) != 1 {
		t.Fatal("the reading page does not show the picture in its strip")
	}
	tile := ed.reader.files.tiles[0]
	tile.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if ed.viewer == nil || ed.viewer.pic.img.Image == nil {
		t.Fatal("Enter on the thumbnail did not open the picture")
	}
	u.win.Resize(fyne.NewSize(900, 640))
	ed.viewer.d.Resize(fyne.NewSize(840, 600))
	p := ed.viewer.pic
	if s := p.size(); s.Height <= p.view.Height || s.Width != p.view.Width {
		t.Fatalf("a tall picture is drawn %v in a view of %v, not as wide as it and scrolling", s, p.view)
	}
	if !u.escape() || ed.viewer != nil || u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape did not close the viewer")
	}
	test.Tap(tile)
	if ed.viewer == nil {
		t.Fatal("a tap on the thumbnail did not open the picture")
	}
}

func TestRemoveFromEntryAndUndo(t *testing.T) {
	u, v, ed, f := attachedEntry(t, "The sea.", 400, 300)
	id := ed.entry.ID
	ed.openFile(f)
	test.Tap(ed.viewer.removeBtn)
	if n := len(storedFiles(t, v, id)); n != 0 || ed.viewer != nil {
		t.Fatalf("after Remove: %d files, viewer open %v", n, ed.viewer != nil)
	}
	if len(ed.reader.files.tiles) != 0 {
		t.Fatal("the strip still shows the removed picture")
	}
	versions, err := v.History(id)
	if err != nil || !slices.ContainsFunc(versions, func(e *journal.Entry) bool { return len(e.Files) == 1 }) {
		t.Fatalf("no earlier version keeps the picture (%v)", err)
	}
	sh := u.shell
	if sh.toastBar.Hidden || !sh.toastUndo.Visible() {
		t.Fatal("no Undo offered")
	}
	test.Tap(sh.toastUndo)
	files := storedFiles(t, v, id)
	if len(files) != 1 || files[0].Name != "sea.jpg" || files[0].SHA256 != f.SHA256 {
		t.Fatalf("Undo gave back %+v", files)
	}
	if len(ed.reader.files.tiles) != 1 {
		t.Fatal("the strip does not show the picture put back")
	}
}

// TestPictureInPlaceWhenReading: an image the body links by an attached
// picture's name shows the picture there; a remote image keeps its alt
// text and loads nothing.
func TestPictureInPlaceWhenReading(t *testing.T) {
	_, _, ed, _ := attachedEntry(t, "Before.\n\n![the sea at dusk](sea.jpg)\n\nAfter. ![a beach](https://example.com/beach.jpg)", 800, 600)
	var pics []*inlinePicture
	var texts []string
	for _, o := range ed.reader.doc.Objects {
		switch o := o.(type) {
		case *inlinePicture:
			pics = append(pics, o)
		case *widget.RichText:
			texts = append(texts, richText(o))
		}
	}
	if len(pics) != 1 || pics[0].img.Image == nil {
		t.Fatalf("%d pictures in place", len(pics))
	}
	all := strings.Join(texts, "|")
	if !strings.Contains(all, "Before.") || !strings.Contains(all, "After.") || !strings.Contains(all, "[image: a beach]") {
		t.Fatalf("the text around the picture reads %q", all)
	}
	if strings.Contains(all, "the sea at dusk") {
		t.Fatal("the picture shown also shows its alt text")
	}
}

// TestEditorRenderWithFiles keeps the look of the editor with three
// photos and a PDF under the writing.
func TestEditorRenderWithFiles(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return time.Date(2026, 11, 23, 21, 0, 0, 0, time.UTC) }
	e := &journal.Entry{Title: "A day by the sea", Body: "We walked until the light went.", Date: journal.DateOf(u.now())}
	id := saveEntry(t, v, e)
	dir := t.TempDir()
	for i, p := range []string{
		photoFile(t, dir, "sea.jpg", 640, 480, 60),
		photoFile(t, dir, "path.jpg", 300, 600, 160),
		photoFile(t, dir, "gate.jpg", 500, 500, 230),
	} {
		data, _ := os.ReadFile(p)
		if _, err := v.Attach(id, filepath.Base(p), bytes.NewReader(data)); err != nil {
			t.Fatal(i, err)
		}
	}
	if _, err := v.Attach(id, "letter from the clinic.pdf", strings.NewReader("%PDF-1.4 a letter")); err != nil {
		t.Fatal(err)
	}
	ed := newEditorScreen(u)
	w := test.NewTempWindow(t, ed.buildUI())
	w.Resize(fyne.NewSize(800, 600))
	ed.fill(getEntry(t, v, id))
	test.AssertRendersToMarkup(t, "editor/files.xml", w.Canvas())
}

// TestAttachSaysWhichPicturesKeepTheirPlace adds a phone's HEIC photo,
// whose place Tend cannot take out: it is kept as a file, the page says
// it keeps what it says, and the note promising pictures are cleaned does
// not come for it.
func TestAttachSaysWhichPicturesKeepTheirPlace(t *testing.T) {
	u, v, ed := newEditor(t)
	heic := filepath.Join(t.TempDir(), "IMG_0042.HEIC")
	data := append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), "GPS 51.5007N"...)
	if err := os.WriteFile(heic, data, 0o600); err != nil {
		t.Fatal(err)
	}
	typeAtEnd(ed.body, "From my phone.")
	chooseFile(ed, heic)
	test.Tap(ed.attachBtn)
	files := storedFiles(t, v, ed.entry.ID)
	if len(files) != 1 || files[0].Type != "image/heic" || files[0].IsImage() {
		t.Fatalf("the journal keeps %+v", files)
	}
	if !strings.Contains(ed.status.Text, "IMG_0042.HEIC is kept as it is") || !strings.Contains(ed.status.Text, "may still say where and when it was taken") {
		t.Fatalf("the page says %q", ed.status.Text)
	}
	if u.win.Canvas().Overlays().Top() != nil || u.settings.ToldPictureMetadata() {
		t.Fatalf("the note about cleaned pictures came for one that was not: %s", overlayTexts(u.win))
	}
}

// TestViewerSavesACopy writes a copy of a picture where the person
// chooses: the bytes the journal keeps, in a file only they can read, and
// asks before it replaces one.
func TestViewerSavesACopy(t *testing.T) {
	u, v, ed, f := attachedEntry(t, "Keep a copy.", 300, 200)
	ed.reader.files.tiles[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if ed.viewer == nil {
		t.Fatal("the picture did not open")
	}
	out := filepath.Join(t.TempDir(), "copy of the sea.jpg")
	chooseFile(ed, out)
	test.Tap(ed.viewer.saveBtn)
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no copy was written: %v", err)
	}
	want, err := v.Attachment(ed.entry.ID, f.ID)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("the copy is not the picture kept (%v)", err)
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm()&0o077 != 0 {
		t.Errorf("the copy can be read by others: %v %v", st.Mode(), err)
	}

	// Again, to the same place: asked first, and kept when told to keep it.
	if err := os.WriteFile(out, []byte("something else"), 0o600); err != nil {
		t.Fatal(err)
	}
	test.Tap(ed.viewer.saveBtn)
	if !strings.Contains(overlayTexts(u.win), "Replace it") {
		t.Fatalf("saving over a file did not ask first: %s", overlayTexts(u.win))
	}
	if got, _ := os.ReadFile(out); string(got) != "something else" {
		t.Fatal("the file there was replaced before the person said so")
	}
}

// TestShortWindowShowsFilesSmall writes in an 800x600 window at the largest
// text an entry with pictures and a document: the files show small, so the
// writing keeps room for its lines (the strip at its usual size left it
// four), and at 1280x800 they show as usual again.
func TestShortWindowShowsFilesSmall(t *testing.T) {
	u := unlockedUIAtScale(t, largestScale())
	u.settings.SetToldPictureMetadata()
	v := u.sess.Vault()
	e := &journal.Entry{Title: "By the sea", Body: "We walked until the light went."}
	id := saveEntry(t, v, e)
	dir := t.TempDir()
	for _, p := range []string{photoFile(t, dir, "sea.jpg", 640, 480, 60), photoFile(t, dir, "path.jpg", 300, 600, 160)} {
		data, _ := os.ReadFile(p)
		if _, err := v.Attach(id, filepath.Base(p), bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := v.Attach(id, "letter from the clinic.pdf", strings.NewReader("%PDF-1.4 a letter")); err != nil {
		t.Fatal(err)
	}
	u.win.Resize(fyne.NewSize(800, 600))
	u.openEntry(id)
	ed := u.shell.editor
	ed.edit()
	u.win.Content().Refresh()
	lines := ed.bodySlot.Size().Height / theme.TextSize()
	if !ed.strip.small || lines < 8 {
		t.Fatalf("at 800x600 and the largest text: strip small %v, the writing %.1f lines high", ed.strip.small, lines)
	}
	if ed.strip.tiles[2].words.Visible() || ed.strip.tiles[0].thumb.MinSize().Width != thumbSmall {
		t.Fatal("the small strip shows its files at their usual size")
	}
	u.win.Resize(fyne.NewSize(1280, 800))
	u.win.Content().Refresh()
	if ed.strip.small || !ed.strip.tiles[2].words.Visible() || ed.strip.tiles[0].thumb.MinSize().Width != thumbSize {
		t.Fatal("at 1280x800 the strip stays small")
	}
}
