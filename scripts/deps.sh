#!/usr/bin/env bash
# Checks for every program building and testing Tend calls beyond Go and
# make, and installs what is missing with apt-get when it can (as root, or
# with sudo that needs no password); otherwise it names the missing Debian
# packages and the command to run, and stops.
#
# What needs what:
#   the desktop build       a C compiler, pkg-config, the OpenGL, X11 and
#                           Wayland headers (the window library speaks both)
#   make test               git, to list the tracked Go files (fmt-check)
#                           and the heavy tests (scripts/heavy-tests.sh,
#                           with awk, sort and paste)
#   the smoke test          Xvfb, xdotool, ImageMagick (import, compare,
#                           identify), strace, pgrep; and awk, timeout,
#                           find, xargs, which every Debian has
#   the command-line audit  strace
#   make bench              the same as the smoke test, and uptime
#   the Windows build       the MinGW cross compiler (scripts/cross.sh),
#                           and od, which every Debian has
#
# With everything present it runs no package tool at all, so it stays fast.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

# need PACKAGE COMMAND...: PACKAGE (its Debian name) is missing when any of
# its commands is.
missing=()
need() {
	local pkg=$1 cmd
	shift
	for cmd in "$@"; do
		if ! have "$cmd"; then
			missing+=("$pkg")
			return
		fi
	done
}

need gcc cc
need libc6-dev cc # installed with gcc; see also the check below
need pkg-config pkg-config
need git git
need xvfb Xvfb
need xdotool xdotool
need imagemagick import compare identify
need strace strace
need procps pgrep uptime
need mawk awk
need coreutils timeout sort paste od
need findutils find xargs
need gcc-mingw-w64-x86-64 x86_64-w64-mingw32-gcc

# The C library's headers: cgo cannot build without them, and on Debian a
# compiler can be present without them.
if have cc && have dpkg && [ ! -e /usr/include/stdlib.h ]; then
	missing+=(libc6-dev)
fi

# The OpenGL, X11 and Wayland headers, through pkg-config: one call when
# all are there. The window library builds for X11 and Wayland together, so
# one binary runs on either desktop.
gl_modules=(gl)
x_modules=(x11 xcursor xrandr xinerama xi xxf86vm)
wl_modules=(wayland-client wayland-cursor wayland-egl)
kb_modules=(xkbcommon)
if have pkg-config && ! pkg-config --exists "${gl_modules[@]}" "${x_modules[@]}" "${wl_modules[@]}" "${kb_modules[@]}"; then
	pkg-config --exists "${gl_modules[@]}" || missing+=(libgl1-mesa-dev)
	for pc in "${x_modules[@]}"; do
		if ! pkg-config --exists "$pc"; then
			missing+=(xorg-dev)
			break
		fi
	done
	pkg-config --exists "${wl_modules[@]}" || missing+=(libwayland-dev)
	pkg-config --exists "${kb_modules[@]}" || missing+=(libxkbcommon-dev)
elif ! have pkg-config; then
	missing+=(libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev)
fi

# Another program named import (there is one in some Python tools) is not
# ImageMagick's.
if have import && ! import -version 2>/dev/null | grep -q ImageMagick; then
	missing+=(imagemagick)
fi

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

# Each package once, in the order found.
pkgs=()
for p in "${missing[@]}"; do
	case " ${pkgs[*]} " in *" $p "*) ;; *) pkgs+=("$p") ;; esac
done

echo "Tend needs these Debian packages to build and test: ${pkgs[*]}"
# As root, or with sudo that asks no password, apt-get installs them.
as_root=()
can_install=false
if have apt-get; then
	if [ "$(id -u)" = 0 ]; then
		can_install=true
	elif have sudo && sudo -n true 2>/dev/null; then
		as_root=(sudo)
		can_install=true
	fi
fi
if $can_install && [ -n "${TEND_DEPS_AGAIN:-}" ]; then
	echo "apt-get ran, and these are still missing: ${pkgs[*]}" >&2
	exit 1
fi
if $can_install; then
	echo "Installing them with ${as_root[*]:+sudo }apt-get..."
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
	# Once more, to be sure every program is there now.
	TEND_DEPS_AGAIN=1 exec bash "$0"
fi

cat <<HINT

Please install them, then run make again:

  Debian, Ubuntu:  sudo apt-get install ${pkgs[*]}
  Fedora:          sudo dnf install gcc pkgconf-pkg-config git mesa-libGL-devel libXcursor-devel libXrandr-devel libXinerama-devel libXi-devel libXxf86vm-devel wayland-devel libxkbcommon-devel mingw64-gcc xorg-x11-server-Xvfb xdotool ImageMagick strace procps-ng
  Arch:            sudo pacman -S gcc pkgconf git mesa libxcursor libxrandr libxinerama libxi libxxf86vm wayland libxkbcommon mingw-w64-gcc xorg-server-xvfb xdotool imagemagick strace procps-ng
  macOS:           xcode-select --install   (the desktop build needs only this;
                   the smoke test needs an X server: brew install --cask xquartz; brew install xdotool imagemagick;
                   the Windows build: brew install mingw-w64)
HINT
exit 1
