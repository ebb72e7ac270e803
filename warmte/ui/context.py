"""What every page starts from: the data snapshot, the filters, the language and chart metadata."""

from __future__ import annotations

from dataclasses import dataclass

from warmte import filters as flt
from warmte import store
from warmte.charts import ChartMeta
from warmte.i18n import t
from warmte.ui import loaders, state


@dataclass(frozen=True)
class Context:
    data: store.Data
    f: flt.Filters
    lang: str
    key: tuple

    @property
    def region_name(self) -> str:
        return self.data.region_name(self.f.region)

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def subtitle(self, with_definition: bool = True) -> str:
        parts = [self.region_name, str(self.f.year)]
        if with_definition:
            parts.append(self.t("definition_" + self.f.definition))
        return " · ".join(parts)

    def meta(self, title: str, source_key: str, illustrative: bool, subtitle: str | None = None) -> ChartMeta:
        built = str(self.data.build_info.get("built_at", ""))[:10]
        source = self.t(source_key) + " · " + self.t("source_suffix", date=built)
        return ChartMeta(title=title, source=source, subtitle=self.subtitle() if subtitle is None else subtitle,
                         illustrative=illustrative, illustrative_label=self.t("illustrative_mark"), lang=self.lang)


def context() -> Context:
    """The page context; shows the ignored-URL-parameter notices of this session once."""
    key = loaders.db_key()
    ctx = Context(loaders.data(), state.current(), state.lang(), key)
    state.show_notices()
    return ctx
