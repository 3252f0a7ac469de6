package vault_test

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"tend/assets"
	"tend/backup"
	"tend/internal/i18n"
	"tend/internal/say"
	"tend/internal/vaulttest"
)

// TestBackupDamageSpeaksTheLanguage reads real backups damaged the ways a
// person meets most, a member missing, one Tend does not know, an entry
// changed after it was written, and says in Spanish and in German what is
// wrong, where it was said in English.
func TestBackupDamageSpeaksTheLanguage(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _ := backupVault(t)
	good := backupOf(t, v)
	t.Cleanup(func() { i18n.Use(assets.DefaultLanguage) })
	damaged := map[string][]byte{
		"missing": rewrap(t, good, func(ms []member) []member {
			return editManifest(t, append(ms[:1:1], ms[2:]...), func(m map[string]any) {
				c := m["counts"].(map[string]any)
				c["entries"] = c["entries"].(float64) - 1
			})
		}),
		"extra": rewrap(t, good, func(ms []member) []member {
			return append(ms[:1:1], append([]member{{"notes/x.txt", []byte("x")}}, ms[1:]...)...)
		}),
		"changed": rewrap(t, good, func(ms []member) []member {
			for i := range ms {
				if ms[i].name != "README.txt" && ms[i].name != "manifest.json" {
					ms[i].data = append(bytes.Clone(ms[i].data), ' ')
					break
				}
			}
			return ms
		}),
	}
	for lang, want := range map[string]map[string]string{
		"es": {
			"missing": "su manifiesto cuenta otros registros distintos de los que contiene",
			"extra":   "la copia contiene un archivo que Tend no conoce (notes/x.txt)",
			"changed": ", dentro de la copia, se cambió después de escribirse",
		},
		"de": {
			"missing": "das Manifest darin zählt andere Datensätze, als die Sicherung enthält",
			"extra":   "die Sicherung enthält eine Datei, die Tend nicht kennt (notes/x.txt)",
			"changed": " darin wurde nach dem Schreiben verändert",
		},
	} {
		i18n.Use(lang)
		for name, w := range want {
			_, err := backup.Read(bytes.NewReader(damaged[name]), backupPass)
			got, ok := say.Problem(err)
			if !ok || !strings.Contains(got, w) {
				t.Errorf("%s, %s: %v said %q, want %q", lang, name, err, got, w)
			}
		}
	}
}

// TestBackupThatDoesNotReadBackSpeaksTheLanguage writes backups that do
// not read back from the disk as they were written, one cut short and one
// holding other records than were meant, and says in Spanish and in
// German that they were not kept, and why.
func TestBackupThatDoesNotReadBackSpeaksTheLanguage(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _ := backupVault(t)
	good := backupOf(t, v)
	t.Cleanup(func() { i18n.Use(assets.DefaultLanguage) })
	out := filepath.Join(t.TempDir(), "b.tend-backup")
	write := func(data []byte, m backup.Manifest) error {
		return backup.WriteFile(out, backupPass, func(w io.Writer) (backup.Manifest, error) {
			_, err := w.Write(data)
			return m, err
		})
	}
	cut := write(good[:len(good)-40], backup.Manifest{})
	other := write(good, backup.Manifest{Format: backup.Format})
	for lang, want := range map[string]map[error]string{
		"es": {
			cut:   "la copia no se pudo volver a leer del disco tal como se escribió, así que no se ha guardado (la copia está incompleta, o se cambió después de escribirse)",
			other: "la copia no se pudo volver a leer del disco tal como se escribió, así que no se ha guardado",
		},
		"de": {
			cut:   "die Sicherung ließ sich vom Laufwerk nicht so zurücklesen, wie sie geschrieben wurde, darum wurde sie nicht behalten (die Sicherung ist unvollständig oder wurde nach dem Schreiben verändert)",
			other: "die Sicherung ließ sich vom Laufwerk nicht so zurücklesen, wie sie geschrieben wurde, darum wurde sie nicht behalten",
		},
	} {
		i18n.Use(lang)
		for err, w := range want {
			if got, ok := say.Problem(err); !ok || got != w {
				t.Errorf("%s: %v said %q, want %q", lang, err, got, w)
			}
		}
	}
}
