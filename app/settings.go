package app

import (
	"time"

	"fyne.io/fyne/v2"
)

// Settings are the app's own preferences, kept in Fyne's preferences file.
// They hold no writing: nothing here may ever be a title, tag or word the
// person wrote (those live in the vault, see journal.Prefs).
type Settings struct{ p fyne.Preferences }

// Preference keys.
const (
	keyAutoLockMinutes = "autolock.minutes"
	keyLockOnBlur      = "lock.on_focus_loss"
	keyTheme           = "appearance.theme"
	keyTextScale       = "appearance.text_scale"
	keySnapshotDir     = "backups.folder"
	keyReduceMotion    = "appearance.reduce_motion"
	keyToldPictureMeta = "attach.told_picture_metadata"
	keyLanguage        = "appearance.language"
)

// Theme choices.
const (
	ThemeSystem = "system"
	ThemeLight  = "light"
	ThemeDark   = "dark"
)

// NewSettings reads and writes settings in p.
func NewSettings(p fyne.Preferences) *Settings { return &Settings{p: p} }

// AutoLock is how long the journal may sit idle before it locks; 0 is never.
func (s *Settings) AutoLock() time.Duration {
	m := s.p.IntWithFallback(keyAutoLockMinutes, int(DefaultAutoLock/time.Minute))
	return time.Duration(max(m, 0)) * time.Minute
}

// SetAutoLock stores the idle time, in whole minutes.
func (s *Settings) SetAutoLock(d time.Duration) { s.p.SetInt(keyAutoLockMinutes, int(d/time.Minute)) }

// LockOnFocusLoss reports whether the journal locks when the window loses
// focus. Off by default: it surprises people who switch windows a lot.
func (s *Settings) LockOnFocusLoss() bool { return s.p.BoolWithFallback(keyLockOnBlur, false) }

// SetLockOnFocusLoss stores the choice.
func (s *Settings) SetLockOnFocusLoss(on bool) { s.p.SetBool(keyLockOnBlur, on) }

// Theme is ThemeSystem, ThemeLight or ThemeDark.
func (s *Settings) Theme() string {
	switch t := s.p.StringWithFallback(keyTheme, ThemeSystem); t {
	case ThemeLight, ThemeDark:
		return t
	default:
		return ThemeSystem
	}
}

// SetTheme stores the theme choice.
func (s *Settings) SetTheme(t string) { s.p.SetString(keyTheme, t) }

// TextScale multiplies text sizes; 1 is the default, bounded to 0.8..1.6.
func (s *Settings) TextScale() float32 {
	v := s.p.FloatWithFallback(keyTextScale, 1)
	return float32(min(max(v, 0.8), 1.6))
}

// Language is the language the person chose for the window, a short tag
// such as "es", or "" for the system's. It is a choice of the app, not
// something written, so it is kept with the other settings.
func (s *Settings) Language() string { return s.p.String(keyLanguage) }

// SetLanguage stores the language chosen, "" for the system's.
func (s *Settings) SetLanguage(tag string) { s.p.SetString(keyLanguage, tag) }

// SetTextScale stores the text size.
func (s *Settings) SetTextScale(v float32) { s.p.SetFloat(keyTextScale, float64(v)) }

// ReduceMotion reports whether things that move on screen should hold
// still, as the breathing guide's circle does when it is set. Off by
// default; some people find motion unsettling or make them feel unwell.
func (s *Settings) ReduceMotion() bool { return s.p.BoolWithFallback(keyReduceMotion, false) }

// SetReduceMotion stores the choice.
func (s *Settings) SetReduceMotion(on bool) { s.p.SetBool(keyReduceMotion, on) }

// ToldPictureMetadata reports whether the person has been told that Tend
// takes out where and with what a picture was taken before keeping it:
// they are told once, the first time they add a picture. It says nothing
// about what was added.
func (s *Settings) ToldPictureMetadata() bool { return s.p.BoolWithFallback(keyToldPictureMeta, false) }

// SetToldPictureMetadata records that they have been told.
func (s *Settings) SetToldPictureMetadata() { s.p.SetBool(keyToldPictureMeta, true) }

// SnapshotDir is the folder the person chose for automatic backups, or ""
// for the default beside the vault. A folder path is not writing, so it may
// live here.
func (s *Settings) SnapshotDir() string { return s.p.String(keySnapshotDir) }

// SetSnapshotDir stores the folder for automatic backups.
func (s *Settings) SetSnapshotDir(dir string) { s.p.SetString(keySnapshotDir, dir) }
