#!/usr/bin/env bash
# Checks for what building and testing Tend needs beyond Go: a C compiler
# and the OpenGL/X11 headers for the desktop build, and Xvfb, xdotool and
# ImageMagick for the real-window smoke test. Installs them with apt-get when
# it can (as root, or with sudo); otherwise names the command to run.
set -euo pipefail

missing=()
have() { command -v "$1" >/dev/null 2>&1; }

have cc || missing+=(cc)
have pkg-config || missing+=(pkg-config)
if have pkg-config; then
	for pc in gl x11 xcursor xrandr xinerama xi xxf86vm; do
		pkg-config --exists "$pc" || missing+=("$pc")
	done
fi
have Xvfb || missing+=(Xvfb)
have xdotool || missing+=(xdotool)
# ImageMagick's import takes the screenshot, identify counts its colours.
{ have import && import -version 2>/dev/null | grep -q ImageMagick; } || missing+=(imagemagick)
have identify || missing+=(identify)
have strace || missing+=(strace)

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

echo "Tend needs some system packages to build and test: missing ${missing[*]}."
apt_pkgs="gcc pkg-config libgl1-mesa-dev xorg-dev xvfb xdotool imagemagick strace"
if have apt-get; then
	if [ "$(id -u)" = 0 ]; then
		echo "Installing them with apt-get..."
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		# shellcheck disable=SC2086
		apt-get install -y -qq --no-install-recommends $apt_pkgs >/dev/null
		exit 0
	elif have sudo && sudo -n true 2>/dev/null; then
		echo "Installing them with sudo apt-get..."
		sudo apt-get update -qq
		# shellcheck disable=SC2086
		sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $apt_pkgs >/dev/null
		exit 0
	fi
fi

cat <<HINT

Please install them, then run make again:

  Debian, Ubuntu:  sudo apt-get install $apt_pkgs
  Fedora:          sudo dnf install gcc pkgconf-pkg-config mesa-libGL-devel libXcursor-devel libXrandr-devel libXinerama-devel libXi-devel libXxf86vm-devel xorg-x11-server-Xvfb xdotool ImageMagick strace
  Arch:            sudo pacman -S gcc pkgconf mesa libxcursor libxrandr libxinerama libxi libxxf86vm xorg-server-xvfb xdotool imagemagick strace
  macOS:           xcode-select --install   (the desktop build needs only this;
                   the smoke test needs an X server: brew install --cask xquartz; brew install xdotool imagemagick)
HINT
exit 1
