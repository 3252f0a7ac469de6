package backup

import (
	"archive/tar"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"filippo.io/age"

	"tend/internal/pipeline"
	"tend/journal"
)

// Read decrypts a backup and reads it whole, checking every member
// against the manifest. It changes nothing anywhere: restoring is a separate
// step (RestoreNew, Merge) taken only after Read succeeded. Errors wrap
// ErrPassphrase, ErrDamaged, ErrNotABackup or ErrNewer.
func Read(r io.Reader, passphrase []byte) (*Contents, error) {
	return readBackup(r, passphrase, true)
}

// Verify reads a backup as Read does, without keeping the
// records, and returns its manifest.
func Verify(r io.Reader, passphrase []byte) (Manifest, error) {
	c, err := readBackup(r, passphrase, false)
	if err != nil {
		return Manifest{}, err
	}
	return c.Manifest, nil
}

// AgeMagic starts every age file.
const AgeMagic = "age-encryption.org/v1\n"

// streamErr remembers the first error of the decrypted stream other than
// EOF, to tell damage to the encryption from a payload that is not ours.
type streamErr struct {
	r   io.Reader
	err error
}

func (s *streamErr) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF && s.err == nil {
		s.err = err
	}
	return n, err
}

type memberSum struct {
	size int64
	sum  [32]byte
}

func readBackup(r io.Reader, passphrase []byte, keep bool) (*Contents, error) {
	if len(passphrase) == 0 {
		return nil, fmt.Errorf("%w: the passphrase is empty", ErrPassphrase)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(1024)
	switch {
	case len(head) < len(AgeMagic) && bytes.HasPrefix([]byte(AgeMagic), head) && len(head) > 0:
		return nil, damaged(DamageCutShort, "", "it ends before its encryption header")
	case !bytes.HasPrefix(head, []byte(AgeMagic)):
		return nil, &NotABackupError{Why: NotEncrypted}
	}
	stanza := head[len(AgeMagic):]
	if !bytes.HasPrefix(stanza, []byte("-> scrypt ")) {
		if len(stanza) < len("-> scrypt ") && bytes.HasPrefix([]byte("-> scrypt "), stanza) {
			return nil, damaged(DamageCutShort, "", "it ends inside its encryption header")
		}
		return nil, &NotABackupError{Why: EncryptedToKey}
	}
	id, err := age.NewScryptIdentity(string(passphrase))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPassphrase, err)
	}
	id.SetMaxWorkFactor(maxWorkFactor)
	plain, err := age.Decrypt(br, id)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) && errors.Is(err, age.ErrIncorrectIdentity) {
			return nil, ErrPassphrase
		}
		return nil, damaged(DamageHeader, "", "its encryption header could not be read (%v)", err)
	}
	return ReadArchive(plain, keep)
}

// ReadArchive reads the archive inside a backup or an automatic backup
// from r, the decrypted stream, checking every member against the manifest
// within the format's bounds. With keep false the records are checked and
// counted but not kept. Errors wrap ErrDamaged, ErrNotABackup or ErrNewer.
func ReadArchive(r io.Reader, keep bool) (*Contents, error) {
	sr := &streamErr{r: r}
	p := &backupParse{
		keep: keep, sums: map[string]memberSum{}, ids: map[journal.ID]bool{}, c: &Contents{},
		files: map[string]int64{}, wanted: map[string]int64{}, fileOf: map[fileRef]string{},
	}
	if err := p.read(tar.NewReader(sr), sr); err != nil {
		p.c.Close()
		return nil, err
	}
	return p.c, nil
}

// fileRef is one attached file of one entry, in all its versions.
type fileRef struct {
	entry journal.ID
	file  journal.FileID
}

// backupParse is the state of reading one archive.
type backupParse struct {
	keep     bool
	c        *Contents
	sums     map[string]memberSum
	order    []string
	ids      map[journal.ID]bool // entries seen
	histOf   []journal.ID        // entry of each earlier version, checked at the end
	manifest []byte
	prefs    int
	problem  error // a damage reported only if the manifest is of a known version

	files     map[string]int64   // attached files held, by hash: their sizes
	fileOrder []string           // their hashes, in archive order
	wanted    map[string]int64   // attached files the entries list, by hash: their sizes
	wantOrder []string           // those hashes, in the order first listed
	fileOf    map[fileRef]string // the hash each entry gives each of its files
}

func (p *backupParse) read(tr *tar.Reader, sr *streamErr) error {
	// One goroutine reads the archive in order; workers checksum and
	// decode its members; they are taken in here in archive order.
	err := pipeline.Ordered(pipeline.Workers(),
		func(emit func([]parsedMember) bool) error { return p.scan(tr, sr, emit) },
		func(_ int, batch []parsedMember) {
			for i := range batch {
				batch[i].prepare()
			}
		},
		func(batch []parsedMember) error {
			for i := range batch {
				m := &batch[i]
				p.sums[m.name] = memberSum{size: m.size, sum: m.sum}
				p.take(m)
			}
			return nil
		})
	if err != nil {
		return err
	}
	return p.finish()
}

// parsedMember is one member of an archive being read: its name and
// document, then its checksum and, for an entry or an earlier version, the
// entry decoded and checked.
type parsedMember struct {
	name string
	data []byte
	size int64
	sum  [32]byte
	e    *journal.Entry
	err  error
	// file marks an attached file: it was checksummed (and, when kept,
	// set aside) as it was read, and data is nil.
	file bool
}

func (m *parsedMember) prepare() {
	if m.file {
		return
	}
	m.size, m.sum = int64(len(m.data)), sha256.Sum256(m.data)
	switch {
	case m.name == readmeMember, m.name == manifestMember, m.name == prefsMember:
	case entryMemberRE.MatchString(m.name):
		e, err := DecodeEntry(m.name, m.data)
		if err == nil && hex.EncodeToString(e.ID[:]) != entryMemberRE.FindStringSubmatch(m.name)[1] {
			err = damaged(DamageRecord, m.name, "%s holds another entry", m.name)
		}
		m.e, m.err = e, err
		m.data = nil
	case historyMemberRE.MatchString(m.name):
		e, err := DecodeEntry(m.name, m.data)
		if err == nil {
			sm := historyMemberRE.FindStringSubmatch(m.name)
			if hex.EncodeToString(e.ID[:]) != sm[1] || strconv.Itoa(e.Rev) != sm[2] {
				err = damaged(DamageRecord, m.name, "%s holds another version", m.name)
			}
		}
		m.e, m.err = e, err
		m.data = nil
	}
}

// Batches of members handed between the goroutines reading a backup.
const (
	readBatchMembers = 128
	readBatchBytes   = 1 << 20
)

// scan reads the archive's members in order and emits them in batches,
// checking its structure as it goes.
func (p *backupParse) scan(tr *tar.Reader, sr *streamErr, emit func([]parsedMember) bool) error {
	streamFail := func(what error) error {
		if sr.err != nil {
			return damaged(DamageIncomplete, "", "it is incomplete or was changed after it was written (%v)", sr.err)
		}
		if len(p.order) == 0 {
			return &NotABackupError{Why: NotAnArchive}
		}
		return damaged(DamageArchive, "", "its archive could not be read (%v)", what)
	}
	seen := make(map[string]bool)
	manifest := false
	batch := make([]parsedMember, 0, readBatchMembers)
	size := 0
	flush := func() bool {
		if len(batch) == 0 {
			return true
		}
		ok := emit(batch)
		batch, size = make([]parsedMember, 0, readBatchMembers), 0
		return ok
	}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return streamFail(err)
		}
		if len(p.order) == 0 && hdr.Name != readmeMember {
			return &NotABackupError{Why: NotAnArchive}
		}
		if manifest {
			return damaged(DamageTrailing, hdr.Name, "something follows its manifest (%q)", hdr.Name)
		}
		if len(p.order) >= maxMembers {
			return damaged(DamageTooMany, "", "it holds more files than any journal could")
		}
		if hdr.Typeflag != tar.TypeReg {
			return damaged(DamageNotPlain, hdr.Name, "%q is not a plain file", hdr.Name)
		}
		if fileMemberRE.MatchString(hdr.Name) {
			m, err := p.readFile(tr, sr, hdr, streamFail)
			if err != nil {
				return err
			}
			p.order = append(p.order, hdr.Name)
			batch = append(batch, m)
			// A file ends its batch, so files already read are not
			// held up behind it.
			if !flush() {
				return nil
			}
			continue
		}
		limit := int64(maxMember)
		if hdr.Name == manifestMember {
			limit = maxManifest
		}
		if hdr.Size < 0 || hdr.Size > limit {
			return damaged(DamageTooLarge, hdr.Name, "%q is larger than any record could be", hdr.Name)
		}
		if seen[hdr.Name] {
			return damaged(DamageTwice, hdr.Name, "%q appears twice", hdr.Name)
		}
		data, err := readMember(tr, hdr.Size)
		if err != nil {
			return streamFail(err)
		}
		seen[hdr.Name] = true
		p.order = append(p.order, hdr.Name)
		manifest = hdr.Name == manifestMember
		batch = append(batch, parsedMember{name: hdr.Name, data: data})
		size += len(data)
		if len(batch) == readBatchMembers || size >= readBatchBytes {
			if !flush() {
				return nil
			}
		}
	}
	if !flush() {
		return nil
	}
	// Reading to the very end is what makes age check the final chunk: a
	// file cut short at a chunk boundary is caught only here.
	n, err := io.Copy(io.Discard, io.LimitReader(&zeroCheck{r: sr}, maxTrailer+1))
	if err != nil {
		if sr.err != nil {
			return damaged(DamageIncomplete, "", "it is incomplete or was changed after it was written (%v)", sr.err)
		}
		return damaged(DamageTrailing, "", "something follows the end of its archive")
	}
	if n > maxTrailer {
		return damaged(DamageTrailing, "", "something follows the end of its archive")
	}
	return nil
}

// readMember reads a member of size bytes whole. A large one is read as it
// comes rather than allocated at the size its header claims, so a header
// that lies costs no more memory than the bytes that follow it.
func readMember(r io.Reader, size int64) ([]byte, error) {
	if size <= 1<<20 {
		data := make([]byte, size)
		_, err := io.ReadFull(r, data)
		return data, err
	}
	data, err := io.ReadAll(io.LimitReader(r, size))
	if err == nil && int64(len(data)) != size {
		err = io.ErrUnexpectedEOF
	}
	return data, err
}

// readFile reads an attached file's member, at most journal.MaxFileSize
// bytes, checksumming it as it streams by and, when the contents are kept,
// setting it aside in Contents.Files; it is never whole in memory. A file
// whose bytes do not match the hash that names it is damage, reported once
// the manifest's version is known.
func (p *backupParse) readFile(tr io.Reader, sr *streamErr, hdr *tar.Header, streamFail func(error) error) (parsedMember, error) {
	m := parsedMember{name: hdr.Name, size: hdr.Size, file: true}
	if hdr.Size < 0 || hdr.Size > journal.MaxFileSize {
		return m, &DamageError{Why: DamageTooLarge, Member: hdr.Name, Err: journal.ErrFileTooBig, english: fmt.Sprintf("%q is larger than an attached file may be (%v)", hdr.Name, journal.ErrFileTooBig)}
	}
	want := fileMemberRE.FindStringSubmatch(hdr.Name)[1]
	if _, dup := p.files[want]; dup {
		return m, damaged(DamageTwice, hdr.Name, "the attached file %s appears twice", want)
	}
	h := sha256.New()
	src := io.TeeReader(tr, h)
	var err error
	if p.keep {
		if p.c.Files == nil {
			if p.c.Files, err = newFiles(); err != nil {
				return m, err
			}
		}
		err = p.c.Files.add(want, src, hdr.Size)
	} else {
		_, err = io.CopyN(io.Discard, src, hdr.Size)
	}
	switch {
	case err == nil:
	case sr.err != nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return m, streamFail(err)
	default:
		return m, err
	}
	copy(m.sum[:], h.Sum(nil))
	if hex.EncodeToString(m.sum[:]) != want {
		m.err = damaged(DamageChanged, hdr.Name, "%s does not match its checksum", hdr.Name)
	}
	p.files[want] = hdr.Size
	p.fileOrder = append(p.fileOrder, want)
	return m, nil
}

// zeroCheck passes through a stream that must hold only zero bytes.
type zeroCheck struct{ r io.Reader }

func (z *zeroCheck) Read(b []byte) (int, error) {
	n, err := z.r.Read(b)
	for _, c := range b[:n] {
		if c != 0 {
			return n, errors.New("data after the end of the archive")
		}
	}
	return n, err
}

// take takes in one member, checksummed and decoded by prepare. Problems
// are kept for finish, so that a backup from a newer Tend is reported as
// that rather than as damage.
func (p *backupParse) take(m *parsedMember) {
	fail := func(err error) {
		if p.problem == nil {
			p.problem = err
		}
	}
	name, data := m.name, m.data
	switch {
	case m.file:
		if m.err != nil {
			fail(m.err)
		}
	case name == readmeMember:
	case name == manifestMember:
		p.manifest = data
		if p.manifest == nil {
			p.manifest = []byte{}
		}
	case name == prefsMember:
		p.prefs++
		if err := json.Unmarshal(data, &p.c.Prefs); err != nil {
			fail(damaged(DamageRecord, prefsMember, "its preferences cannot be read (%v)", err))
			return
		}
		var books struct {
			Journals journal.Journals `json:"journals"`
		}
		if err := json.Unmarshal(data, &books); err != nil {
			fail(damaged(DamageRecord, prefsMember, "its list of journals cannot be read (%v)", err))
			return
		}
		if books.Journals != nil {
			if err := books.Journals.Check(); err != nil {
				fail(damaged(DamageRecord, prefsMember, "its list of journals cannot be read (%v)", err))
				return
			}
			p.c.Journals = books.Journals
		}
	case m.e != nil || m.err != nil:
		if m.err != nil {
			fail(m.err)
			return
		}
		if err := p.listFiles(m.e); err != nil {
			fail(err)
			return
		}
		if entryMemberRE.MatchString(name) {
			p.ids[m.e.ID] = true
			p.c.Manifest.Counts.Entries++
			if p.keep {
				p.c.Entries = append(p.c.Entries, m.e)
			}
			return
		}
		p.histOf = append(p.histOf, m.e.ID)
		p.c.Manifest.Counts.History++
		if p.keep {
			p.c.History = append(p.c.History, m.e)
		}
	default:
		fail(damaged(DamageUnknown, name, "it holds a file Tend does not know (%q)", name))
	}
}

// listFiles notes the attached files a version of an entry lists, each of
// which the backup must hold: one file of an entry has the same bytes in
// every version that lists it, and one hash the same size wherever it is
// listed.
func (p *backupParse) listFiles(e *journal.Entry) error {
	for _, f := range e.Files {
		sum := f.SHA256
		ref := fileRef{e.ID, f.ID}
		if had, ok := p.fileOf[ref]; ok && had != sum {
			return damaged(DamageDisagree, "", "two versions of entry %s give one attached file different contents", e.ID)
		}
		p.fileOf[ref] = sum
		if size, ok := p.wanted[sum]; ok {
			if size != f.Size {
				return damaged(DamageDisagree, "", "two entries give the attached file %s different sizes", sum)
			}
			continue
		}
		p.wanted[sum] = f.Size
		p.wantOrder = append(p.wantOrder, sum)
	}
	return nil
}

// DecodeEntry reads an entry document and checks what restoring needs,
// so nothing fails halfway through a restore.
func DecodeEntry(name string, data []byte) (*journal.Entry, error) {
	e, ok := decodeEntryJSON(data)
	if !ok {
		e = &journal.Entry{}
		if err := json.Unmarshal(data, e); err != nil {
			return nil, damaged(DamageRecord, name, "%s cannot be read (%v)", name, err)
		}
	}
	switch {
	case e.ID.IsZero():
		return nil, damaged(DamageRecord, name, "%s has no id", name)
	case !e.Kind.Valid():
		return nil, damaged(DamageRecord, name, "%s is of an unknown kind (%q)", name, e.Kind)
	case e.Date.IsZero():
		return nil, damaged(DamageRecord, name, "%s has no date", name)
	case e.Rev < 0:
		return nil, damaged(DamageRecord, name, "%s has a negative revision", name)
	case e.TextSize() > journal.MaxEntryText:
		return nil, fmt.Errorf("%s: %w", name, journal.ErrTooBig)
	}
	if err := checkFiles(name, e.Files); err != nil {
		return nil, err
	}
	return e, nil
}

// maxFiles bounds the attached files one version of an entry lists, far
// above what a person attaches.
const maxFiles = 4096

// checkFiles checks the attached files an entry document lists, so that a
// restore never keeps one it could not write out again under its name:
// each has an id and a name of its own, a name that is a file's name and
// no path, a plain type, and a size and hash that can be.
func checkFiles(name string, files []journal.File) error {
	if len(files) > maxFiles {
		return damaged(DamageRecord, name, "%s lists more attached files than an entry can have", name)
	}
	ids := make(map[journal.FileID]bool, len(files))
	names := make(map[string]bool, len(files))
	for _, f := range files {
		switch {
		case f.ID == journal.FileID{} || ids[f.ID]:
			return damaged(DamageRecord, name, "%s lists an attached file without an id of its own", name)
		case !fileNameOK(f.Name) || names[f.Name]:
			return damaged(DamageRecord, name, "%s lists an attached file without a name of its own", name)
		case len(f.Type) > 255 || strings.ContainsFunc(f.Type, func(r rune) bool { return r < 0x20 || r >= 0x7F }):
			return damaged(DamageRecord, name, "%s lists an attached file of no known type", name)
		case f.Size > journal.MaxFileSize:
			return &DamageError{Why: DamageRecord, Member: name, Err: journal.ErrFileTooBig, english: fmt.Sprintf("%s lists an attached file larger than an attached file may be (%v)", name, journal.ErrFileTooBig)}
		case f.Size < 0 || !sha256RE.MatchString(f.SHA256):
			return damaged(DamageRecord, name, "%s lists an attached file without its size and checksum", name)
		}
		ids[f.ID], names[f.Name] = true, true
	}
	return nil
}

var sha256RE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// fileNameOK reports whether name is one Tend gives an attached file: a
// name without a folder, control characters or a path of its own, at
// most 255 bytes of UTF-8.
func fileNameOK(name string) bool {
	return name != "" && name != "." && name != ".." && len(name) <= 255 && utf8.ValidString(name) &&
		strings.TrimSpace(name) == name &&
		!strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7F || r == '/' || r == '\\' })
}

// finish checks the manifest against what was read.
func (p *backupParse) finish() error {
	if p.manifest == nil {
		return damaged(DamageMissing, manifestMember, "its manifest is missing")
	}
	var m Manifest
	if err := json.Unmarshal(p.manifest, &m); err != nil {
		return damaged(DamageManifest, manifestMember, "its manifest cannot be read (%v)", err)
	}
	switch {
	case m.Format != Format:
		return &NotABackupError{Why: OtherFormat, Format: m.Format}
	case m.FormatVersion > FormatVersion:
		return fmt.Errorf("%w (format version %d); update Tend to open it", ErrNewer, m.FormatVersion)
	case m.FormatVersion < formatNoFiles:
		return damaged(DamageManifest, manifestMember, "its manifest gives no format version")
	case p.problem != nil:
		return p.problem
	}
	if b, err := hex.DecodeString(m.VaultID); err != nil || len(b) != 16 {
		return damaged(DamageManifest, manifestMember, "its manifest does not name the journal it came from")
	}
	got := p.c.Manifest.Counts
	got.Prefs = p.prefs
	got.Files = len(p.files)
	if m.Counts != got {
		return damaged(DamageCounts, manifestMember, "its manifest counts %d entries, %d earlier versions, %d preferences and %d attached files, but it holds %d, %d, %d and %d",
			m.Counts.Entries, m.Counts.History, m.Counts.Prefs, m.Counts.Files, got.Entries, got.History, got.Prefs, got.Files)
	}
	if got.Files > 0 && m.FormatVersion < FormatVersion {
		return damaged(DamageManifest, manifestMember, "it holds attached files, which its format version does not have")
	}
	if len(m.Members) != len(p.order)-1 {
		return damaged(DamageCounts, manifestMember, "its manifest lists %d files, but it holds %d", len(m.Members), len(p.order)-1)
	}
	listed := make(map[string]bool, len(m.Members))
	for _, mm := range m.Members {
		if listed[mm.Name] || mm.Name == manifestMember {
			return damaged(DamageTwice, mm.Name, "its manifest lists %q twice", mm.Name)
		}
		listed[mm.Name] = true
		s, ok := p.sums[mm.Name]
		if !ok {
			return damaged(DamageMissing, mm.Name, "%s is missing", mm.Name)
		}
		if mm.Size != s.size || mm.SHA256 != hex.EncodeToString(s.sum[:]) {
			return damaged(DamageChanged, mm.Name, "%s does not match the checksum in its manifest", mm.Name)
		}
	}
	for _, id := range p.histOf {
		if !p.ids[id] {
			return damaged(DamageUnlisted, "", "it holds earlier versions of an entry it does not hold (%s)", id)
		}
	}
	if m.FormatVersion == formatNoFiles {
		// A Tend from before backups carried files listed an entry's
		// files in its document without their bytes; such an entry
		// comes back without them, as it always did.
		for _, e := range append(slices.Clip(p.c.Entries), p.c.History...) {
			e.Files = nil
		}
		p.wantOrder = nil
	}
	for _, sum := range p.wantOrder {
		size, ok := p.files[sum]
		switch {
		case !ok:
			return damaged(DamageMissing, "files/"+sum, "an attached file an entry lists is missing (files/%s)", sum)
		case size != p.wanted[sum]:
			return damaged(DamageDisagree, "files/"+sum, "the attached file %s is not the size its entry gives", sum)
		}
	}
	for _, sum := range p.fileOrder {
		if _, ok := p.wanted[sum]; !ok {
			return damaged(DamageUnlisted, "files/"+sum, "it holds an attached file no entry lists (files/%s)", sum)
		}
	}
	p.c.Manifest = m
	return nil
}
