"""Benchmark: reading the Metz document as text, Word, OpenDocument and PDF.

The office and PDF files are written from the text as the tests do (paragraphs, and
tab-separated lines as real table rows). Goals, in process: .docx and .odt ≤ 1 s,
.pdf ≤ 5 s (the median wall-clock time; the CPU time of the process is shown too, the
figure to trust on a busy machine). Run: ``.venv/bin/python bench/read_formats.py``.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ctai.documents.reader import read_document  # noqa: E402
from tests.documents.corpus.writers import WRITERS  # noqa: E402

SEED = ROOT / "src/ctai/documents/seeds/ctai-metz-2026-2028.txt"
GOALS = {"txt": 0.1, "docx": 1.0, "odt": 1.0, "pdf": 5.0}


def main() -> None:
    text = SEED.read_text(encoding="utf-8")
    files = {"txt": text.encode("utf-8")}
    files.update({kind: write(text) for kind, write in WRITERS.items()})
    for kind, data in files.items():
        times, cpu = [], []
        for _ in range(5):
            start, start_cpu = time.perf_counter(), time.process_time()
            read_document(data)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        median = statistics.median(times)
        verdict = "OK" if median <= GOALS[kind] else "AU-DESSUS DE L'OBJECTIF"
        print(
            f"lecture Metz .{kind:<5} {len(data) / 1024:8.0f} Kio   médiane {median * 1000:8.0f} ms"
            f"   CPU {statistics.median(cpu) * 1000:8.0f} ms"
            f"   (objectif {GOALS[kind] * 1000:.0f} ms) {verdict}"
        )


if __name__ == "__main__":
    main()
