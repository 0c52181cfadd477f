"""The app in a real browser against a naive Streamlit + folium app on the same data.

    python benchmarks/bench_browser.py [--repeat 3]

Both apps run under ``streamlit run`` on loopback and are driven by Debian's chromium through Playwright,
the network beyond the local server cut off. The naive app (written into a temporary file) loads and
caches the same units and figures and simplifies the geometry once, but builds its folium map again on
each run (``folium.GeoJson`` with a style function and tooltips, Leaflet inlined so that it draws
offline) and shows it with ``st_folium``: what a Streamlit map usually looks like. geo-planner's map is
its own component (``app_map.py``): geometry once per level, colours and tooltips per run.

Measured, at desa level (1,038 desa, real IDM figures):

Both servers run at once and the two apps are driven step by step in turn (the weight changes interleaved,
who goes first alternating), so that the load of a shared machine falls on both alike.

* first screen: a new browser session (caches warm) from ``goto`` until the map has drawn its units;
* weight change: typing a new weight until the map's fills have changed and the run is over (median of
  ``--repeat`` changes of the IKS 2024 weight, 3, 1, 2.5, ..., beside IDM 2024 at 1; the first change, which
  adds the indicator, not counted);
* level switch: desa -> kecamatan, until the kecamatan are drawn and the run is over;
* bytes per rerun: websocket frames received by the browser for one weight change (Playwright's
  ``page.on("websocket")``), so everything Streamlit sends, not just the map.

For geo-planner it also prints where a weight change's time goes: the app writes the wall time of each step
of its runs to ``GEO_PLANNER_STEP_LOG`` (``app_views.Steps``), and each counted weight change is matched
with the run that started after the new weight was typed (medians: typing -> run start, the run and its
steps, run end -> settled).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, print_table

sys.path.insert(0, str(REPO / "tests"))
from browser_support import chromium, idle, offline_page, streamlit_server  # noqa: E402

_VILLAGES = REPO.parent / "shared" / "data" / "villages" / "upstream"
if not os.environ.get("GEO_PLANNER_VILLAGES_MIRROR") and _VILLAGES.is_dir():
    os.environ["GEO_PLANNER_VILLAGES_MIRROR"] = str(_VILLAGES)

NAIVE = '''
import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo_planner import pipeline
from geo_planner.outputs import mapping

st.set_page_config(layout="wide")


@st.cache_resource
def data(level):
    units = pipeline.load_units(level, "64")
    layers = pipeline.load_layers(units, [], level=level, province="64")
    return units, layers, mapping.simplify_units(units)


level = st.sidebar.selectbox("Tingkat wilayah", ["desa", "kecamatan"], key="level")
units, layers, geometry = data(level)
weights = {"idm_2024": st.sidebar.number_input("Indeks Desa Membangun (IDM) 2024", 0.0, 10.0, 1.0, 0.5),
           "iks_2024": st.sidebar.number_input("Indeks Ketahanan Sosial (IKS) 2024", 0.0, 10.0, 0.0, 0.5)}
analysis = pipeline.analyse(units, layers, weights, level=level, province="64")
ramp = mapping.RAMPS["YlOrRd"][5]
gdf = units[["name"]].assign(geometry=geometry, code=units.index,
                             score=analysis.units["priority_score"].astype("float64").round(2),
                             cls=analysis.units["priority_class"])
gdf = gdf.set_geometry("geometry")
gdf["colour"] = [ramp[int(c)] if pd.notna(c) else "#d9d9d9" for c in gdf["cls"]]
m = folium.Map(tiles=None)
js, css = mapping.leaflet_assets()
m.default_js, m.default_css = [("leaflet", js)], [("leaflet_css", css)]
folium.GeoJson(gdf[["code", "name", "score", "colour", "geometry"]].to_json(),
               style_function=lambda f: {"fillColor": f["properties"]["colour"], "color": "#555", "weight": 0.4,
                                         "fillOpacity": 0.88},
               tooltip=folium.GeoJsonTooltip(["name", "code", "score"])).add_to(m)
m.fit_bounds(mapping.unit_layer(geometry, units["name"]).bounds)
st.title("naive")
st_folium(m, key="map", height=560, use_container_width=True, returned_objects=["last_active_drawing"])
'''

# weights never repeated: Streamlit sends a message the browser already has as a reference to it
VALUES = ("3", "1", "2.5", "1.5", "2", "0.5", "4", "3.5")
OURS_FRAME = 'iframe[title="app_map.geo_planner_map"]'
NAIVE_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
FILLS = ("f => { const e = document.querySelector(f); const d = e && e.contentDocument; if (!d) return null;"
         " const p = d.querySelectorAll('path.leaflet-interactive'); return p.length + ':' +"
         " Array.from(p, x => x.getAttribute('fill')).join(','); }")


def fills(page, frame: str) -> str | None:
    return page.evaluate(FILLS, frame)


def wait_drawn(page, frame: str, n: int | None, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        f = fills(page, frame)
        if f and (int(f.split(":")[0]) == n if n else int(f.split(":")[0]) > 0):
            return
        page.wait_for_timeout(50)
    raise TimeoutError(f"the map in {frame} did not draw {n} units")


def settled_after(page, frame: str, before: str | None, start: float, timeout: float = 120) -> float:
    """Seconds from ``start`` until the fills differ from ``before`` and the run is over."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        f = fills(page, frame)
        if f and f != before and not page.evaluate(
                "() => !!document.querySelector('[data-testid=\"stStatusWidget\"]')"):
            return time.monotonic() - start
        page.wait_for_timeout(20)
    raise TimeoutError("the map did not settle")


class Bytes:
    def __init__(self, page):
        self.n, self.last = 0, 0.0
        page.on("websocket", lambda ws: ws.on("framereceived", self.add))

    def add(self, payload) -> None:
        self.n += len(payload.encode("utf-8") if isinstance(payload, str) else payload)
        self.last = time.monotonic()  # when the last frame came: the server's run is over about then


def set_weight(page, label: str, value: str) -> None:
    box = page.locator('[data-testid="stNumberInput"]').filter(has_text=label).locator("input")
    box.fill(value)
    box.press("Enter")


class Side:
    """One app in the benchmark: its server's URL, its map's frame, the open page and what was measured."""

    def __init__(self, name: str, url: str, frame: str, ours: bool):
        self.name, self.url, self.frame, self.ours = name, url, frame, ours
        self.desa = f"{url}/?level=desa" if ours else url
        self.times: list[float] = []
        self.sent: list[int] = []
        self.served: list[float] = []  # from the change to the last websocket frame of its run
        self.windows: list[tuple[float, float]] = []  # wall clock: weight typed, settled
        self.page = self.counter = None
        self.blocked: list = []
        self.first = self.level = float("nan")

    def warm(self, browser) -> None:
        """The caches (data, geometry) filled by a first session, as on a server that has been running."""
        page, _ = offline_page(browser)
        page.goto(self.desa)
        wait_drawn(page, self.frame, 1038)
        idle(page)
        page.close()

    def open(self, browser) -> None:
        self.page, self.blocked = offline_page(browser)
        self.counter = Bytes(self.page)
        start = time.monotonic()
        self.page.goto(self.desa)
        wait_drawn(self.page, self.frame, 1038)
        self.first = time.monotonic() - start
        idle(self.page)
        if self.ours:  # the IKS weight is under "Indikator lain"
            self.page.get_by_text("Indikator lain", exact=True).click()
            self.page.wait_for_timeout(300)

    def weight(self, i: int) -> None:
        page = self.page
        before, n0 = fills(page, self.frame), self.counter.n
        start, wall = time.monotonic(), time.time()
        set_weight(page, "Indeks Ketahanan Sosial (IKS) 2024", VALUES[i % len(VALUES)])
        took = settled_after(page, self.frame, before, start)
        idle(page)
        page.wait_for_timeout(500)
        if i:  # the first change adds a second indicator: not counted
            self.times.append(took)
            self.sent.append(self.counter.n - n0)
            self.served.append(min(self.counter.last - start, took))
            self.windows.append((wall, wall + took))

    def switch_level(self) -> None:
        page = self.page
        start = time.monotonic()
        page.locator('[data-testid="stSelectbox"]').filter(has_text="Tingkat wilayah").click()
        page.get_by_role("option", name="Kecamatan").click()
        page.wait_for_timeout(200)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            f = fills(page, self.frame)
            if f and int(f.split(":")[0]) not in (0, 1038):
                break
            page.wait_for_timeout(20)
        self.level = time.monotonic() - start
        idle(page)
        page.close()

    def result(self) -> dict[str, object]:
        return {"first": self.first, "weight": statistics.median(self.times), "bytes": statistics.median(self.sent),
                "level": self.level, "blocked": len(self.blocked), "times": self.times,
                "served": statistics.median(self.served)}


def measure(browser, sides: list[Side], repeat: int) -> None:
    """Both apps step by step, interleaved (who goes first alternates), so that the load of a shared
    machine falls on both alike: first screens, then each weight change, then the level switch."""
    for side in sides:
        side.warm(browser)
    for side in sides:
        side.open(browser)
    for i in range(repeat + 1):
        for side in (sides if i % 2 == 0 else sides[::-1]):
            side.weight(i)
    for side in sides:
        side.switch_level()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import playwright.sync_api as pw

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory() as tmp, chromium(pw) as browser:
        steps = Path(tmp) / "steps.jsonl"  # only our app reads it (app_views.Steps)
        naive = Path(tmp) / "naive_app.py"
        naive.write_text(NAIVE, encoding="utf-8")
        logs = Path(tmp) / "naive"
        logs.mkdir()
        with (streamlit_server(Path(tmp), {**env, "GEO_PLANNER_STEP_LOG": str(steps)}) as ours_url,
              _naive_server(logs, env, naive) as naive_url):
            sides = [Side("geo-planner", ours_url, OURS_FRAME, True),
                     Side("naive folium", naive_url, NAIVE_FRAME, False)]
            measure(browser, sides, args.repeat)
        runs = [json.loads(line) for line in steps.read_text(encoding="utf-8").splitlines()] if steps.exists() else []
    ours, naive_r = (side.result() for side in sides)
    print_table(["desa level (1,038 desa)", "geo-planner", "naive Streamlit + folium", "ratio"],
                [["weight change -> map settled", f"{ours['weight']:.2f} s", f"{naive_r['weight']:.2f} s",
                  f"{naive_r['weight'] / ours['weight']:.1f}x"],
                 ["first screen, new session (warm)", f"{ours['first']:.2f} s", f"{naive_r['first']:.2f} s",
                  f"{naive_r['first'] / ours['first']:.1f}x"],
                 ["level switch desa -> kecamatan", f"{ours['level']:.2f} s", f"{naive_r['level']:.2f} s",
                  f"{naive_r['level'] / ours['level']:.1f}x"],
                 ["bytes sent per weight change", f"{ours['bytes'] / 1e3:,.0f} KB", f"{naive_r['bytes'] / 1e3:,.0f} KB",
                  f"{naive_r['bytes'] / max(ours['bytes'], 1):.1f}x"]],
                ["---", "---:", "---:", "---:"])
    print("\nweight changes, s (geo-planner / naive): "
          + ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(ours["times"], naive_r["times"])))
    print("weight change -> last websocket frame of its run (median): "
          f"{ours['served']:.2f} s / {naive_r['served']:.2f} s")
    print(f"requests blocked (beyond the local server): {ours['blocked']} / {naive_r['blocked']}")
    print_steps(sides[0].windows, runs)


def print_steps(windows: list[tuple[float, float]], runs: list[dict]) -> None:
    """geo-planner's weight changes, step by step: the run that started in each change's window."""
    matched = []
    for typed, settled in windows:
        inside = [r for r in runs if typed <= r["started"] <= settled]
        if inside:
            matched.append((typed, settled, inside[-1]))
    if not matched:
        print("no step times (GEO_PLANNER_STEP_LOG not written)")
        return
    med = lambda xs: statistics.median(xs)  # noqa: E731
    print(f"\ngeo-planner, where a weight change's time goes (medians of {len(matched)}):")
    print(f"  typed -> run start {med([r['started'] - a for a, _, r in matched]):.3f} s, "
          f"run {med([r['total'] for _, _, r in matched]):.3f} s, "
          f"run end -> settled {med([b - r['at'] for _, b, r in matched]):.3f} s")
    rss = [r.get("rss_mb") for _, _, r in matched if r.get("rss_mb")]
    if rss:
        print(f"  server memory (RSS) at the first / last counted weight change: {rss[0]:,.0f} / {rss[-1]:,.0f} MB")
    names = list(dict.fromkeys(k for _, _, r in matched for k in r["steps"]))
    print("  steps: " + ", ".join(f"{k} {med([r['steps'].get(k, 0.0) for _, _, r in matched]):.3f}" for k in names))


@contextlib.contextmanager
def _naive_server(log_dir: Path, env: dict, script: Path):
    """``streamlit run`` of the naive app (browser_support starts app.py only)."""
    import subprocess
    import urllib.request

    from browser_support import free_port

    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true", "--server.port",
           str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    log = (log_dir / "server.log").open("wb")
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


if __name__ == "__main__":
    main()
