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
	"strconv"

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

// Damaged is an error wrapping ErrDamaged that says, after a colon, what
// was found.
func Damaged(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrDamaged}, a...)...)
}

func readBackup(r io.Reader, passphrase []byte, keep bool) (*Contents, error) {
	if len(passphrase) == 0 {
		return nil, fmt.Errorf("%w: the passphrase is empty", ErrPassphrase)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(1024)
	switch {
	case len(head) < len(AgeMagic) && bytes.HasPrefix([]byte(AgeMagic), head) && len(head) > 0:
		return nil, Damaged("it ends before its encryption header")
	case !bytes.HasPrefix(head, []byte(AgeMagic)):
		return nil, fmt.Errorf("%w: it is not an age-encrypted file", ErrNotABackup)
	}
	stanza := head[len(AgeMagic):]
	if !bytes.HasPrefix(stanza, []byte("-> scrypt ")) {
		if len(stanza) < len("-> scrypt ") && bytes.HasPrefix([]byte("-> scrypt "), stanza) {
			return nil, Damaged("it ends inside its encryption header")
		}
		return nil, fmt.Errorf("%w: it is encrypted to a key, not with a passphrase", ErrNotABackup)
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
		return nil, Damaged("its encryption header could not be read (%v)", err)
	}
	return ReadArchive(plain, keep)
}

// ReadArchive reads the archive inside a backup or an automatic backup
// from r, the decrypted stream, checking every member against the manifest
// within the format's bounds. With keep false the records are checked and
// counted but not kept. Errors wrap ErrDamaged, ErrNotABackup or ErrNewer.
func ReadArchive(r io.Reader, keep bool) (*Contents, error) {
	sr := &streamErr{r: r}
	p := &backupParse{keep: keep, sums: map[string]memberSum{}, ids: map[journal.ID]bool{}, c: &Contents{}}
	if err := p.read(tar.NewReader(sr), sr); err != nil {
		return nil, err
	}
	return p.c, nil
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
}

func (m *parsedMember) prepare() {
	m.size, m.sum = int64(len(m.data)), sha256.Sum256(m.data)
	switch {
	case m.name == readmeMember, m.name == manifestMember, m.name == prefsMember:
	case entryMemberRE.MatchString(m.name):
		e, err := DecodeEntry(m.name, m.data)
		if err == nil && hex.EncodeToString(e.ID[:]) != entryMemberRE.FindStringSubmatch(m.name)[1] {
			err = Damaged("%s holds another entry", m.name)
		}
		m.e, m.err = e, err
		m.data = nil
	case historyMemberRE.MatchString(m.name):
		e, err := DecodeEntry(m.name, m.data)
		if err == nil {
			sm := historyMemberRE.FindStringSubmatch(m.name)
			if hex.EncodeToString(e.ID[:]) != sm[1] || strconv.Itoa(e.Rev) != sm[2] {
				err = Damaged("%s holds another version", m.name)
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
			return Damaged("it is incomplete or was changed after it was written (%v)", sr.err)
		}
		if len(p.order) == 0 {
			return fmt.Errorf("%w: what is inside is not a Tend archive", ErrNotABackup)
		}
		return Damaged("its archive could not be read (%v)", what)
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
			return fmt.Errorf("%w: what is inside is not a Tend archive", ErrNotABackup)
		}
		if manifest {
			return Damaged("something follows its manifest (%q)", hdr.Name)
		}
		if len(p.order) >= maxMembers {
			return Damaged("it holds more files than any journal could")
		}
		if hdr.Typeflag != tar.TypeReg {
			return Damaged("%q is not a plain file", hdr.Name)
		}
		limit := int64(maxMember)
		if hdr.Name == manifestMember {
			limit = maxManifest
		}
		if hdr.Size < 0 || hdr.Size > limit {
			return Damaged("%q is larger than any record could be", hdr.Name)
		}
		if seen[hdr.Name] {
			return Damaged("%q appears twice", hdr.Name)
		}
		data := make([]byte, hdr.Size)
		if _, err := io.ReadFull(tr, data); err != nil {
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
			return Damaged("it is incomplete or was changed after it was written (%v)", sr.err)
		}
		return Damaged("something follows the end of its archive")
	}
	if n > maxTrailer {
		return Damaged("something follows the end of its archive")
	}
	return nil
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
	case name == readmeMember:
	case name == manifestMember:
		p.manifest = data
		if p.manifest == nil {
			p.manifest = []byte{}
		}
	case name == prefsMember:
		p.prefs++
		if err := json.Unmarshal(data, &p.c.Prefs); err != nil {
			fail(Damaged("its preferences cannot be read (%v)", err))
			return
		}
		var books struct {
			Journals journal.Journals `json:"journals"`
		}
		if err := json.Unmarshal(data, &books); err != nil {
			fail(Damaged("its list of journals cannot be read (%v)", err))
			return
		}
		if books.Journals != nil {
			if err := books.Journals.Check(); err != nil {
				fail(Damaged("its list of journals cannot be read (%v)", err))
				return
			}
			p.c.Journals = books.Journals
		}
	case m.e != nil || m.err != nil:
		if m.err != nil {
			fail(m.err)
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
		fail(Damaged("it holds a file Tend does not know (%q)", name))
	}
}

// DecodeEntry reads an entry document and checks what restoring needs,
// so nothing fails halfway through a restore.
func DecodeEntry(name string, data []byte) (*journal.Entry, error) {
	var e journal.Entry
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, Damaged("%s cannot be read (%v)", name, err)
	}
	switch {
	case e.ID.IsZero():
		return nil, Damaged("%s has no id", name)
	case !e.Kind.Valid():
		return nil, Damaged("%s is of an unknown kind (%q)", name, e.Kind)
	case e.Date.IsZero():
		return nil, Damaged("%s has no date", name)
	case e.Rev < 0:
		return nil, Damaged("%s has a negative revision", name)
	case e.TextSize() > journal.MaxEntryText:
		return nil, fmt.Errorf("%s: %w", name, journal.ErrTooBig)
	}
	return &e, nil
}

// finish checks the manifest against what was read.
func (p *backupParse) finish() error {
	if p.manifest == nil {
		return Damaged("its manifest is missing")
	}
	var m Manifest
	if err := json.Unmarshal(p.manifest, &m); err != nil {
		return Damaged("its manifest cannot be read (%v)", err)
	}
	switch {
	case m.Format != Format:
		return fmt.Errorf("%w: its manifest names the format %q", ErrNotABackup, m.Format)
	case m.FormatVersion > FormatVersion:
		return fmt.Errorf("%w (format version %d); update Tend to open it", ErrNewer, m.FormatVersion)
	case m.FormatVersion < 1:
		return Damaged("its manifest gives no format version")
	case p.problem != nil:
		return p.problem
	}
	if b, err := hex.DecodeString(m.VaultID); err != nil || len(b) != 16 {
		return Damaged("its manifest does not name the journal it came from")
	}
	got := p.c.Manifest.Counts
	got.Prefs = p.prefs
	if m.Counts != got {
		return Damaged("its manifest counts %d entries, %d earlier versions and %d preferences, but it holds %d, %d and %d",
			m.Counts.Entries, m.Counts.History, m.Counts.Prefs, got.Entries, got.History, got.Prefs)
	}
	if len(m.Members) != len(p.order)-1 {
		return Damaged("its manifest lists %d files, but it holds %d", len(m.Members), len(p.order)-1)
	}
	listed := make(map[string]bool, len(m.Members))
	for _, mm := range m.Members {
		if listed[mm.Name] || mm.Name == manifestMember {
			return Damaged("its manifest lists %q twice", mm.Name)
		}
		listed[mm.Name] = true
		s, ok := p.sums[mm.Name]
		if !ok {
			return Damaged("%s is missing", mm.Name)
		}
		if mm.Size != s.size || mm.SHA256 != hex.EncodeToString(s.sum[:]) {
			return Damaged("%s does not match the checksum in its manifest", mm.Name)
		}
	}
	for _, id := range p.histOf {
		if !p.ids[id] {
			return Damaged("it holds earlier versions of an entry it does not hold (%s)", id)
		}
	}
	p.c.Manifest = m
	return nil
}
