package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage/repository"
)

// errNoNetwork is what any attempt to read an http or https URI gets.
var errNoNetwork = errors.New("network access is blocked: Tend never uses the network")

// offline is a storage repository that refuses every request. Fyne
// registers an http/https repository by default, which Markdown images and
// canvas.NewImageFromURI would use to fetch remote content: a journal entry
// must never make the computer contact a server, whatever it contains.
type offline struct{}

func (offline) Exists(fyne.URI) (bool, error)                { return false, errNoNetwork }
func (offline) Reader(fyne.URI) (fyne.URIReadCloser, error)  { return nil, errNoNetwork }
func (offline) CanRead(fyne.URI) (bool, error)               { return false, errNoNetwork }
func (offline) Destroy(string)                               {}
func (offline) Writer(fyne.URI) (fyne.URIWriteCloser, error) { return nil, errNoNetwork }
func (offline) CanWrite(fyne.URI) (bool, error)              { return false, errNoNetwork }
func (offline) Delete(fyne.URI) error                        { return errNoNetwork }

// blockNetwork replaces Fyne's http and https repositories for the whole
// app. Call it after the app is created (creating an app registers them).
func blockNetwork() {
	repository.Register("http", offline{})
	repository.Register("https", offline{})
}
