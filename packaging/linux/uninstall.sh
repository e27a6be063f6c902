#!/usr/bin/env bash
# Remove what install.sh installed, for you (default) or for every user (--system, as root).
# Your records are kept: the data folder (~/.local/share/NeoDesk, with its backups) and the log and
# settings folders are yours; delete them by hand if you really mean to.
set -euo pipefail

mode=user
for arg in "$@"; do
  case "$arg" in
    --system) mode=system ;;
    --user) mode=user ;;
    -h | --help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "uninstall.sh: unknown option '$arg' (use --user, --system or --help)." >&2; exit 2 ;;
  esac
done

if [ "$mode" = system ]; then
  app_dir=/opt/neodesk bin_dir=/usr/local/bin apps_dir=/usr/share/applications icons_dir=/usr/share/icons/hicolor
  if [ "$(id -u)" -ne 0 ]; then
    echo "uninstall.sh: removing the all-users installation needs root: sudo ./uninstall.sh --system" >&2
    exit 4
  fi
else
  data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
  app_dir="$HOME/.local/lib/neodesk" bin_dir="$HOME/.local/bin"
  apps_dir="$data_home/applications" icons_dir="$data_home/icons/hicolor"
fi

if [ ! -e "$app_dir" ] && [ ! -e "$apps_dir/neodesk.desktop" ]; then
  echo "uninstall.sh: NeoDesk is not installed in $app_dir." >&2
  exit 1
fi
# The command only if it is ours (a pip-installed `neodesk` there is left alone).
if [ -L "$bin_dir/neodesk" ] && [ "$(readlink "$bin_dir/neodesk")" = "$app_dir/neodesk" ]; then
  rm -f "$bin_dir/neodesk"
fi
rm -f "$apps_dir/neodesk.desktop"
for size in 16 24 32 48 64 128 256 512; do
  rm -f "$icons_dir/${size}x${size}/apps/neodesk.png"
done
rm -f "$icons_dir/scalable/apps/neodesk.svg"
rm -rf "$app_dir"

command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps_dir" 2>/dev/null || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q "$icons_dir" 2>/dev/null || true

echo "NeoDesk is removed from $app_dir. Your records were kept (the data folder: see Help ▸ About NeoDesk)."
