package vault

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"filippo.io/age"

	"tend/internal/atomicfile"
	"tend/journal"
)

// A draft is what the editor holds and the store has not taken yet: text
// typed since the last save, or text a save refused (a full disk, a failing
// store, an entry too big). Locking must never wait for such a save, and
// must never throw the text away or leave it readable, so the editor seals
// it into a draft file beside the store instead, to an age X25519 recipient
// derived from the master key (its own HKDF label, as snapshotIdentity
// does for snapshots). Sealing needs only the public half, which is not a
// secret: a DraftBox keeps it after the vault is locked and its keys are
// gone, so a lock can drop the keys at once and still keep the words. Only
// the master key opens a draft again, at the next unlock.
//
// The file is the magic line and an age file. Inside is a JSON document
// naming the vault and holding the whole entry being edited, padded with
// spaces to a Padmé bucket so its size says little. age authenticates every
// byte; a draft of another vault fails to open, and one whose vault id does
// not match is refused too.

// draftMagic starts every draft file.
const draftMagic = "tend-held v1\n"

// draftFile is the draft's name in the vault folder: it says nothing of
// what is inside.
const draftFile = "tend.held"

// draftAside is where a draft that does not open is set aside, so it is
// mentioned once and then left alone for whoever wants to look at it.
const draftAside = "tend.held.unreadable"

// maxDraft bounds what is read from a draft file: far above any entry the
// store accepts.
const maxDraft = 1 << 30

// ErrDraftUnreadable means a draft was found that this vault's key does
// not open: it was damaged, or it belongs to another journal.
var ErrDraftUnreadable = errors.New("writing kept from an earlier session could not be opened")

// draftDoc is the sealed content of a draft.
type draftDoc struct {
	Vault string         `json:"vault"`
	Entry *journal.Entry `json:"entry"`
}

// DraftBox seals the editor's unsaved writing into the vault folder. It
// holds no secret and keeps working after the vault is closed. Its methods
// are safe for concurrent use.
type DraftBox struct {
	dir     string
	vaultID [16]byte
	to      *age.X25519Recipient

	mu sync.Mutex
	// gen is the generation of the newest draft sealed; a seal or discard
	// of an older one changes nothing, so a slow write never replaces
	// newer words and a save of older words never removes them.
	gen int
	// held is the newest sealed draft when it could not be written to the
	// disk: still sealed, kept in memory for the next unlock.
	held []byte
}

// draftIdentity derives the age identity that opens a vault's drafts.
func draftIdentity(master []byte) (*age.X25519Identity, error) {
	scalar := subkey(master, "draft")
	defer wipe(scalar)
	return age.ParseX25519Identity(ageSecretKeyString(scalar))
}

// DraftBox returns the vault's draft box. Keep it: it works after Close.
func (v *Vault) DraftBox() (*DraftBox, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, ErrClosed
	}
	id, err := draftIdentity(v.master)
	if err != nil {
		return nil, fmt.Errorf("making the draft key: %w", err)
	}
	return &DraftBox{dir: v.dir, vaultID: v.hdr.vaultID, to: id.Recipient()}, nil
}

// Seal seals e as the draft of generation gen and writes it into the
// vault folder atomically, replacing any older draft. When the disk is
// full it gives back the vault's reserve of free space to make room. If
// the file still cannot be written, the sealed draft is kept in memory for
// the next unlock and the error is returned.
func (b *DraftBox) Seal(e *journal.Entry, gen int) error {
	sealed, err := b.seal(e)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if gen < b.gen {
		return nil
	}
	b.gen = gen
	b.held = sealed
	if err := b.write(sealed); err != nil {
		return err
	}
	b.held = nil
	return nil
}

func (b *DraftBox) seal(e *journal.Entry) ([]byte, error) {
	doc, err := json.Marshal(draftDoc{Vault: hex.EncodeToString(b.vaultID[:]), Entry: e})
	if err != nil {
		return nil, fmt.Errorf("keeping the draft: %w", err)
	}
	// JSON allows trailing spaces, so padding needs no length prefix.
	doc = append(doc, bytes.Repeat([]byte{' '}, padmeLen(len(doc))-len(doc))...)
	var out bytes.Buffer
	out.Grow(len(draftMagic) + len(doc) + len(doc)/(64<<10)*16 + 512)
	out.WriteString(draftMagic)
	w, err := age.Encrypt(&out, b.to)
	if err != nil {
		return nil, fmt.Errorf("keeping the draft: %w", err)
	}
	if _, err := w.Write(doc); err != nil {
		return nil, fmt.Errorf("keeping the draft: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("keeping the draft: %w", err)
	}
	// The plaintext copy is ours alone, so it can be wiped.
	clear(doc)
	return out.Bytes(), nil
}

// write puts sealed in place, giving back the space reserve on a full
// disk. Called with b.mu held.
func (b *DraftBox) write(sealed []byte) error {
	path := filepath.Join(b.dir, draftFile)
	put := func() error {
		return atomicfile.Write(path, "draft", func(w io.Writer) error {
			_, err := w.Write(sealed)
			return err
		}, nil)
	}
	err := put()
	if errors.Is(err, syscall.ENOSPC) {
		// The reserve is kept for exactly this: words come before it.
		// The vault makes it again when there is room.
		if os.Remove(filepath.Join(b.dir, reserveFile)) == nil {
			err = put()
		}
	}
	return err
}

// Discard removes the draft once the words it holds are saved: gen is the
// generation that was saved. A newer draft stays.
func (b *DraftBox) Discard(gen int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if gen < b.gen {
		return nil
	}
	b.gen = gen
	b.held = nil
	return removeDraft(b.dir)
}

// removeDraft deletes the draft file, if any, durably.
func removeDraft(dir string) error {
	err := os.Remove(filepath.Join(dir, draftFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("removing the draft: %w", err)
	}
	return atomicfile.SyncDir(dir)
}

// HasDraft reports whether the box holds a draft, in memory or on disk.
func (b *DraftBox) HasDraft() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.held != nil {
		return true
	}
	_, err := os.Stat(filepath.Join(b.dir, draftFile))
	return err == nil
}

// OpenDraft opens the draft left in the vault folder, or held in memory by
// prev (the box of the session before, which may be nil), and returns the
// entry it holds, or nil when there is none. The draft stays where it is
// until the words are saved (DraftBox.Discard): a crash before then loses
// nothing. A draft this vault cannot open is set aside and
// ErrDraftUnreadable returned.
func (v *Vault) OpenDraft(prev *DraftBox) (*journal.Entry, error) {
	var sealed []byte
	if prev != nil {
		prev.mu.Lock()
		if prev.dir == v.dir && prev.held != nil {
			sealed = prev.held
		}
		prev.mu.Unlock()
	}
	// A crash while a draft was written leaves its temporary file: sealed,
	// but no use to anyone.
	names, _ := filepath.Glob(filepath.Join(v.dir, "."+draftFile+"-*.tmp"))
	for _, n := range names {
		_ = os.Remove(n)
	}
	path := filepath.Join(v.dir, draftFile)
	onDisk := false
	if sealed == nil {
		f, err := os.Open(path)
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading the draft: %w", err)
		}
		sealed, err = io.ReadAll(io.LimitReader(f, maxDraft))
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("reading the draft: %w", err)
		}
		onDisk = true
	}
	e, err := v.openDraft(sealed)
	if err != nil {
		if onDisk {
			_ = os.Rename(path, filepath.Join(v.dir, draftAside))
		}
		return nil, err
	}
	if !onDisk {
		// It was held in memory because the disk refused it; try again
		// now, so a crash from here on loses nothing.
		_ = atomicfile.Write(path, "draft", func(w io.Writer) error {
			_, err := w.Write(sealed)
			return err
		}, nil)
	}
	return e, nil
}

func (v *Vault) openDraft(sealed []byte) (*journal.Entry, error) {
	rest, ok := bytes.CutPrefix(sealed, []byte(draftMagic))
	if !ok {
		return nil, fmt.Errorf("%w: it is not a Tend draft", ErrDraftUnreadable)
	}
	v.mu.RLock()
	if v.closed {
		v.mu.RUnlock()
		return nil, ErrClosed
	}
	id, err := draftIdentity(v.master)
	vaultID := v.hdr.vaultID
	v.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("opening the draft: %w", err)
	}
	r, err := age.Decrypt(bytes.NewReader(rest), id)
	if err != nil {
		return nil, fmt.Errorf("%w: it was damaged or belongs to another journal", ErrDraftUnreadable)
	}
	doc, err := io.ReadAll(io.LimitReader(r, maxDraft))
	if err != nil {
		return nil, fmt.Errorf("%w: it was damaged", ErrDraftUnreadable)
	}
	defer clear(doc)
	var d draftDoc
	if err := json.Unmarshal(doc, &d); err != nil || d.Entry == nil {
		return nil, fmt.Errorf("%w: it could not be read", ErrDraftUnreadable)
	}
	if d.Vault != hex.EncodeToString(vaultID[:]) {
		return nil, fmt.Errorf("%w: it belongs to another journal", ErrDraftUnreadable)
	}
	if d.Entry.Kind == "" {
		d.Entry.Kind = journal.KindFree
	}
	if !d.Entry.Kind.Valid() {
		return nil, fmt.Errorf("%w: it holds an unknown kind of entry", ErrDraftUnreadable)
	}
	return d.Entry, nil
}
