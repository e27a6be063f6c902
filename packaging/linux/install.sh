#!/usr/bin/env bash
# Install NeoDesk from this unpacked tarball, for you (default) or for every user (--system, as root).
#
#   ./install.sh            ~/.local/lib/neodesk, ~/.local/bin/neodesk, ~/.local/share/applications,
#                           ~/.local/share/icons/hicolor/<size>/apps
#   sudo ./install.sh --system
#                           /opt/neodesk, /usr/local/bin/neodesk, /usr/share/applications,
#                           /usr/share/icons/hicolor/<size>/apps
#
# Installing again replaces the program (a new version over an old one); your records, kept in your
# data folder (~/.local/share/NeoDesk), are never touched. uninstall.sh (same options) removes it.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
mode=user
for arg in "$@"; do
  case "$arg" in
    --system) mode=system ;;
    --user) mode=user ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option '$arg' (use --user, --system or --help)." >&2; exit 2 ;;
  esac
done

if [ "$mode" = system ]; then
  app_dir=/opt/neodesk bin_dir=/usr/local/bin apps_dir=/usr/share/applications icons_dir=/usr/share/icons/hicolor
  if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: installing for all users needs root: sudo ./install.sh --system" >&2
    exit 4
  fi
else
  data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
  app_dir="$HOME/.local/lib/neodesk" bin_dir="$HOME/.local/bin"
  apps_dir="$data_home/applications" icons_dir="$data_home/icons/hicolor"
fi

if [ ! -x "$here/NeoDesk/neodesk" ]; then
  echo "install.sh: $here/NeoDesk/neodesk is missing: unpack the whole tarball, then run install.sh from it." >&2
  exit 1
fi
version="$(cat "$here/VERSION" 2>/dev/null || echo '?')"

# The program: copied beside the old one first, then swapped in, so a failed copy (disk full) leaves the
# installed version working.
mkdir -p "$(dirname "$app_dir")"
staging="$app_dir.new.$$"
trap 'rm -rf "$staging"' EXIT
rm -rf "$staging"
cp -R "$here/NeoDesk" "$staging"
chmod -R u+rwX,go+rX,go-w "$staging"
if [ -e "$app_dir" ]; then
  rm -rf "$app_dir.old"
  mv "$app_dir" "$app_dir.old"
fi
mv "$staging" "$app_dir"
rm -rf "$app_dir.old"
trap - EXIT

# The command, the menu entry (pointing at the program itself: ~/.local/bin is not on every desktop's
# PATH) and the icons, at the places the freedesktop.org specifications name.
mkdir -p "$bin_dir"
ln -sfn "$app_dir/neodesk" "$bin_dir/neodesk"
mkdir -p "$apps_dir"
sed -e "s|^Exec=.*|Exec=$app_dir/neodesk|" -e "/^TryExec=/d" -e "/^\[Desktop Entry\]/a TryExec=$app_dir/neodesk" \
  "$here/neodesk.desktop" >"$apps_dir/neodesk.desktop"
chmod 644 "$apps_dir/neodesk.desktop"
for png in "$here"/icons/hicolor/*/apps/neodesk.png; do
  size="$(basename "$(dirname "$(dirname "$png")")")"
  install -D -m 644 "$png" "$icons_dir/$size/apps/neodesk.png"
done
if [ -f "$here/icons/hicolor/scalable/apps/neodesk.svg" ]; then
  install -D -m 644 "$here/icons/hicolor/scalable/apps/neodesk.svg" "$icons_dir/scalable/apps/neodesk.svg"
fi

# Menus and icon caches refresh themselves on most desktops; these help the others (absent: fine). The
# icon cache is only updated where one is kept (a theme with index.theme: the system hicolor).
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps_dir" 2>/dev/null || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q "$icons_dir" 2>/dev/null || true

echo "NeoDesk $version is installed in $app_dir."
echo "Start it from your desktop's menu (Office ▸ NeoDesk) or with: neodesk"
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo "Note: $bin_dir is not on your PATH; the command is $bin_dir/neodesk (the menu entry works anyway)." ;;
esac
