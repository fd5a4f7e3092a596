#!/usr/bin/env bash
# Copy the parts of KaTeX (npm package `katex`, MIT) that lessonkit serves with a quiz that
# has math into src/lessonkit/render/static/katex/: katex.min.js, katex.min.css (with only
# the woff2 fonts listed, the formats every browser lessonkit supports reads), the woff2
# fonts and the licence. Run it to move to another version, then commit the result: the
# book build stays offline because the files ship in the package.
# Usage: bash tools/vendor-katex.sh [VERSION]
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${1:-0.19.1}"
TARGET=src/lessonkit/render/static/katex
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "katex@$VERSION" >/dev/null && tar xzf katex-*.tgz)
DIST="$WORK/package/dist"
rm -rf "$TARGET"
mkdir -p "$TARGET/fonts"
cp "$DIST/katex.min.js" "$TARGET/"
cp "$DIST"/fonts/*.woff2 "$TARGET/fonts/"
cp "$WORK/package/LICENSE" "$TARGET/LICENSE"
# keep the woff2 source of each font; the woff and ttf files are not shipped
sed -E 's/,url\(fonts\/[A-Za-z0-9_-]+\.woff\) format\("woff"\),url\(fonts\/[A-Za-z0-9_-]+\.ttf\) format\("truetype"\)//g' \
  "$DIST/katex.min.css" > "$TARGET/katex.min.css"
if grep -q '\.woff)\|\.ttf)' "$TARGET/katex.min.css"; then
  echo "katex.min.css still names woff or ttf files: update the pattern in $0" >&2
  exit 1
fi
cat > "$TARGET/README.md" <<README
# KaTeX $VERSION (MIT licence, see LICENSE)

The parts of the npm package \`katex@$VERSION\` that lessonkit serves with a quiz whose
texts have math: \`katex.min.js\`, \`katex.min.css\` (its font list keeps the woff2 files
only) and \`fonts/*.woff2\`. Written by \`tools/vendor-katex.sh $VERSION\`; do not edit.
README
echo "KaTeX $VERSION copied to $TARGET"
