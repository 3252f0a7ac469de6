package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// calmTheme is Tend's look: warm paper, soft sage, and an error colour that
// is clear without alarming. Text size can be scaled from Settings.
type calmTheme struct {
	// variant forces light or dark; nil follows the system.
	variant *fyne.ThemeVariant
	// textScale multiplies text sizes (1 is the default).
	textScale float32
}

var _ fyne.Theme = (*calmTheme)(nil)

func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

func rgba(hex uint32, a uint8) color.NRGBA {
	c := rgb(hex)
	c.A = a
	return c
}

type palette struct {
	background, surface, input, foreground, muted, primary, button, separator, err, success color.NRGBA
	// border outlines what can be typed in or chosen (fields, unselected
	// radio and check marks): 3:1 against the background and the field, so
	// an empty field or an unchosen option can be seen as one.
	border color.NRGBA
}

var (
	lightPalette = palette{
		background: rgb(0xF6F3EE), surface: rgb(0xFFFDF9), input: rgb(0xFFFDF9),
		foreground: rgb(0x2E3430), muted: rgb(0x6F766F), primary: rgb(0x55876A),
		button: rgb(0xE9E4DB), separator: rgb(0xE2DDD3), err: rgb(0xA9553E), success: rgb(0x4C8A5A),
		border: rgb(0x8F897E),
	}
	darkPalette = palette{
		background: rgb(0x1D211F), surface: rgb(0x252A27), input: rgb(0x272C29),
		foreground: rgb(0xE6E3DC), muted: rgb(0xA3A9A2), primary: rgb(0x8DBF9C),
		button: rgb(0x313834), separator: rgb(0x343A36), err: rgb(0xE0957F), success: rgb(0x8DBF9C),
		border: rgb(0x6E7670),
	}
)

func (t *calmTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	p := lightPalette
	if v == theme.VariantDark {
		p = darkPalette
	}
	switch n {
	case theme.ColorNameBackground:
		return p.background
	case theme.ColorNameOverlayBackground, theme.ColorNameMenuBackground, theme.ColorNameHeaderBackground:
		return p.surface
	case theme.ColorNameInputBackground:
		return p.input
	case theme.ColorNameInputBorder:
		return p.border
	case theme.ColorNameForeground:
		return p.foreground
	case theme.ColorNamePlaceHolder, theme.ColorNameDisabled:
		return p.muted
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return p.primary
	case theme.ColorNameFocus:
		return rgba(uint32(p.primary.R)<<16|uint32(p.primary.G)<<8|uint32(p.primary.B), 0x70)
	case theme.ColorNameSelection:
		return rgba(uint32(p.primary.R)<<16|uint32(p.primary.G)<<8|uint32(p.primary.B), 0x40)
	case theme.ColorNameButton:
		return p.button
	case theme.ColorNameSeparator:
		return p.separator
	case theme.ColorNameError:
		return p.err
	case theme.ColorNameSuccess:
		return p.success
	case theme.ColorNameForegroundOnPrimary:
		if v == theme.VariantDark {
			return rgb(0x1D211F)
		}
		return rgb(0xFFFDF9)
	}
	return theme.DefaultTheme().Color(n, v)
}

func (t *calmTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

func (t *calmTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t *calmTheme) Size(n fyne.ThemeSizeName) float32 {
	s := theme.DefaultTheme().Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText, theme.SizeNameCaptionText:
		if t.textScale > 0 {
			s *= t.textScale
		}
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius, theme.SizeNameButtonRadius:
		s = 6
	}
	return s
}
