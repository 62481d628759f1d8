#!/usr/bin/env bash
# Rebuilds static/vendor/punkt/ from the pinned npm packages (see package-lock.json).
#
#   cd frontend && ./build.sh
#
# The output is committed, so production and CI need no Node. Run this only after changing
# the Punkt versions or punkt.scss, and commit frontend/package*.json with static/vendor/punkt/.
#
# Punkt's ready-made CSS loads icons from Oslo's CDN, which our Content-Security-Policy
# blocks, so we compile the SCSS ourselves with local $font-path / $icon-path (punkt.scss)
# and copy every file the CSS refers to next to it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

out="../static/vendor/punkt"
css_pkg="node_modules/@oslokommune/punkt-css"
assets="node_modules/@oslokommune/punkt-assets/dist"

if [ ! -d node_modules/@oslokommune/punkt-css ] || [ ! -d node_modules/sass ]; then
    npm ci --no-audit --no-fund
fi

rm -rf "$out"
mkdir -p "$out/fonts" "$out/icons" "$out/logos" "$out/licenses"

npm run --silent build

# Fonts: both .woff and .woff2 of every face (whitenoise's manifest storage fails on a
# url() whose file is missing, and browsers pick either).
cp "$assets"/fonts/*.woff "$assets"/fonts/*.woff2 "$out/fonts/"

# Icons: every icon the compiled CSS refers to, plus the four we know it uses.
referenced_icons="$(grep -o 'url([^)]*)' "$out/punkt.css" \
    | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//' \
    | grep '^icons/' | sed 's#^icons/##' | sort -u)"
for icon in $referenced_icons check-medium.svg chevron-thin-down.svg minus-sign.svg new-window-small.svg; do
    cp "$assets/icons/$icon" "$out/icons/"
done

# Oslo logo and favicons.
cp "$assets"/logos/oslologo.svg "$assets"/logos/favicon.ico "$assets"/logos/apple-touch-icon.png \
    "$assets"/logos/*-favicon.svg "$assets"/logos/*-favicon.png "$out/logos/"

# Licences (both packages are MIT).
cp "$css_pkg/LICENSE" "$out/licenses/punkt-css-LICENSE"
cp node_modules/@oslokommune/punkt-assets/LICENSE "$out/licenses/punkt-assets-LICENSE"
{
    echo "Oslo kommune's design system Punkt, vendored for the Frivilligkontor portal."
    echo
    echo "punkt.css     compiled from @oslokommune/punkt-css $(node -p "require('./$css_pkg/package.json').version") (MIT)"
    echo "              by frontend/build.sh with local font and icon paths (no CDN)"
    echo "fonts/ icons/ logos/"
    echo "              from @oslokommune/punkt-assets $(node -p "require('./node_modules/@oslokommune/punkt-assets/package.json').version") (MIT)"
    echo "licenses/     the licence texts of both packages"
} > "$out/README.txt"

# Check: no remote URLs, and every url() in the CSS resolves to a file next to it.
status=0
if grep -o 'url([^)]*)' "$out/punkt.css" | grep -qiE '(https?:)?//'; then
    echo "build.sh: punkt.css still refers to a remote URL:" >&2
    grep -o 'url([^)]*)' "$out/punkt.css" | grep -iE '(https?:)?//' >&2
    status=1
fi
while read -r ref; do
    case "$ref" in data:*) continue ;; esac
    if [ ! -f "$out/$ref" ]; then
        echo "build.sh: punkt.css refers to missing file $ref" >&2
        status=1
    fi
done < <(grep -o 'url([^)]*)' "$out/punkt.css" | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//' | sort -u)
[ "$status" -eq 0 ] || exit "$status"

echo "Punkt built into static/vendor/punkt/ ($(du -sh "$out" | cut -f1))."
