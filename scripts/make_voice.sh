#!/usr/bin/env bash
# Writes the desk's spoken bus prompts (resources/voice/*.wav) with espeak-ng's Mandarin voice:
# bus_1..bus_20 ("请上N号车"), and the pieces for larger numbers: qing_shang ("请上"),
# digit_0..digit_9 and hao_che ("号车"). Used where the platform has no Chinese text-to-speech.
# Needs: apt-get install espeak-ng. The files are committed; the app never runs espeak-ng.
set -euo pipefail
OUT="$(cd "$(dirname "$0")/.." && pwd)/resources/voice"
mkdir -p "$OUT"
say() { espeak-ng -v cmn -s 150 -w "$OUT/$1.wav" "$2"; }
for n in $(seq 1 20); do say "bus_$n" "请上${n}号车"; done
say qing_shang "请上"
say hao_che "号车"
digits=(零 一 二 三 四 五 六 七 八 九)
for d in $(seq 0 9); do say "digit_$d" "${digits[$d]}"; done
# espeak-ng pads each recording with silence; trimmed, a prompt follows the verdict at once.
python3 - "$OUT" <<'PY'
import array, sys, wave
from pathlib import Path

for path in Path(sys.argv[1]).glob("*.wav"):
    with wave.open(str(path)) as w:
        params, data = w.getparams(), array.array("h", w.readframes(w.getnframes()))
    loud = [i for i, v in enumerate(data) if abs(v) > 300]
    margin = params.framerate // 50
    if loud:
        data = data[max(0, loud[0] - margin) : loud[-1] + margin]
    with wave.open(str(path), "wb") as w:
        w.setparams(params)
        w.writeframes(data.tobytes())
PY
echo "wrote $(ls "$OUT"/*.wav | wc -l) recordings to $OUT"
