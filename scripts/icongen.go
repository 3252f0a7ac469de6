//go:build ignore

// Icongen draws Tend's application icon: a cream seedling with two leaves on
// a rounded square of soft sage. Run it from the repository root:
//
//	go run scripts/icongen.go assets/icon.png
//
// The icon is drawn from simple shapes with 4x4 supersampling, so it stays
// ours and can be regenerated at any size.
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

const size = 1024

type vec struct{ x, y float64 }

func (a vec) sub(b vec) vec        { return vec{a.x - b.x, a.y - b.y} }
func (a vec) add(b vec) vec        { return vec{a.x + b.x, a.y + b.y} }
func (a vec) mul(k float64) vec    { return vec{a.x * k, a.y * k} }
func (a vec) len() float64         { return math.Hypot(a.x, a.y) }
func (a vec) perp() vec            { return vec{-a.y, a.x} }
func (a vec) dist(b vec) float64   { return a.sub(b).len() }
func lerp(a, b, t float64) float64 { return a + (b-a)*t }

// leaf is a lens: the intersection of two discs whose chord runs from base
// to tip.
type leaf struct {
	c1, c2 vec
	r      float64
}

func newLeaf(base, tip vec, bulge float64) leaf {
	mid := base.add(tip).mul(0.5)
	half := tip.dist(base) / 2
	n := tip.sub(base).perp().mul(1 / (2 * half))
	// Offset d of each centre from the chord gives the lens its width.
	d := half / bulge
	r := math.Hypot(half, d)
	return leaf{mid.add(n.mul(d)), mid.sub(n.mul(d)), r}
}

func (l leaf) in(p vec) bool { return p.dist(l.c1) <= l.r && p.dist(l.c2) <= l.r }

func inRoundRect(p vec, margin, radius float64) bool {
	lo, hi := margin+radius, size-margin-radius
	q := vec{math.Max(lo, math.Min(hi, p.x)), math.Max(lo, math.Min(hi, p.y))}
	return p.dist(q) <= radius
}

// stem is an arc of a circle between two angles, drawn with a thickness.
func inStem(p vec) bool {
	// The circle passes through the foot of the stem (0.50, 0.81) and the
	// meeting point of the leaves (0.51, 0.50), bowing gently to the left.
	c := vec{size * 0.9275, size * 0.669}
	r := size * 0.45
	w := size * 0.032
	a := math.Atan2(p.y-c.y, p.x-c.x)
	if a < 0 {
		a += 2 * math.Pi
	}
	if a < 2.80 || a > 3.55 {
		return false
	}
	return math.Abs(p.dist(c)-r) <= w/2
}

func main() {
	out := "assets/icon.png"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	top := [3]float64{0x8C, 0xB3, 0x93}
	bottom := [3]float64{0x4E, 0x7A, 0x5D}
	cream := [3]float64{0xFB, 0xF6, 0xEC}
	sun := [3]float64{0xF2, 0xC9, 0x8B}

	left := newLeaf(vec{size * 0.505, size * 0.53}, vec{size * 0.25, size * 0.34}, 0.62)
	right := newLeaf(vec{size * 0.515, size * 0.47}, vec{size * 0.78, size * 0.25}, 0.58)
	sunC, sunR := vec{size * 0.76, size * 0.70}, size*0.05
	// The ground is a shallow cap of a large disc.
	groundC, groundR := vec{size * 0.5, size * 1.63}, size*0.84
	ground := func(p vec) bool { return p.dist(groundC) <= groundR }

	const ss = 4
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					p := vec{float64(x) + (float64(sx)+0.5)/ss, float64(y) + (float64(sy)+0.5)/ss}
					if !inRoundRect(p, size*0.06, size*0.2) {
						continue
					}
					t := p.y / size
					c := [3]float64{lerp(top[0], bottom[0], t), lerp(top[1], bottom[1], t), lerp(top[2], bottom[2], t)}
					switch {
					case left.in(p) || right.in(p) || inStem(p) || ground(p):
						c = cream
					case p.dist(sunC) <= sunR:
						c = sun
					}
					r, g, b, a = r+c[0], g+c[1], b+c[2], a+1
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(r / a), uint8(g / a), uint8(b / a), uint8(255 * a / (ss * ss))})
		}
	}
	f, err := os.Create(out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := png.Encode(f, img); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
