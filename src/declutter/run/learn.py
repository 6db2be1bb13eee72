"""Learning site templates over a run's inputs (`declutter learn`, `--site-templates auto`).

The same driver, pool and Dask route as cleaning, with the site-template sample as each
page's task: the samples are counted here, per site, into one SiteTemplates table.
"""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Iterable, Iterator

from ..core.article import Record
from ..core.sitetemplates import SiteTemplates
from ..io.report import RunReport
from .driver import Input, RunSettings, iter_records

if TYPE_CHECKING:
    import distributed


def learn_templates(
    inputs: Iterable[Input], settings: RunSettings, *, client: distributed.Client | None = None, report: RunReport | None = None
) -> SiteTemplates:
    """Count every input's kept blocks per site; failed inputs are tallied in `report` (when
    given) and counted nowhere."""
    settings = dataclasses.replace(settings, learn=True, ordered=False)
    if client is not None:
        from .dask import cluster_results

        results: Iterator[tuple[Input, Record, int]] = cluster_results(inputs, settings.options, client, ordered=False, learn=True)
    else:
        results = iter_records(inputs, settings, report)
    templates = SiteTemplates()
    for _, record, input_bytes in results:
        if "error" not in record:
            templates.learn(record["site_url"], record["fingerprints"])  # type: ignore[typeddict-item]
        if report is not None:
            report.add(record, input_bytes, 0)
    return templates
