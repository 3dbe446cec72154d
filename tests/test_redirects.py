"""When two incidents turn out to be one, the merged one's URL keeps working."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from digest.publish.pages import read_front_matter

WIRE = "KARVAN (Basin Wire) — Engineers closed the Old Mill bridge over the Velda River on Monday after finding deep cracks in two of its stone piers, the roads department said.\nAbout 9,000 vehicles a day cross the bridge.\n"
MERIDIAN = "KARVAN (Meridian) — The Old Mill bridge over the Velda River in Karvan was closed on Monday after engineers from the roads department found deep cracks in two stone piers.\nThe bridge carries about 9,000 vehicles a day.\n"


def test_a_merged_incident_redirects_to_the_survivor(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    strict = {"    threshold: 0.18 ": "    threshold: 0.99 "}
    project = make_project(
        {"wire/bridge.txt": WIRE, "meridian/bridge.txt": MERIDIAN}, replace=strict
    )
    config = project / "mkdocs.yml"
    assert run("build", "-f", config).exit_code == 0
    before = sorted(p.stem for p in (project / "content" / "incidents").glob("*.md"))
    assert len(before) == 2
    config.write_text(config.read_text().replace("threshold: 0.99", "threshold: 0.18"))
    for _ in range(2):  # the redirect must survive the build after the merge too
        result = run("build", "-f", config)
        assert result.exit_code == 0, result.output
        pages = {
            p.stem: read_front_matter(p) for p in (project / "content" / "incidents").glob("*.md")
        }
        survivors = [stem for stem, front in pages.items() if front and "articles" in front]
        redirects = [stem for stem, front in pages.items() if front and "redirect" in front]
        assert len(survivors) == 1 and len(redirects) == 1
        (survivor,), (merged,) = survivors, redirects
        assert {survivor, merged} == set(before)
        assert pages[survivor]["aliases"] == [merged]
        html = (project / "site" / "incidents" / merged / "index.html").read_text(encoding="utf-8")
        assert f'<meta http-equiv="refresh" content="0; url=../{survivor}/">' in html
        assert f'href="../{survivor}/"' in html
