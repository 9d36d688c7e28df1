"""Every human-readable string of the outcome reports, in Bahasa Indonesia (default: BKPSDM
staff read these) and English, in ONE place so that they can move into the project's i18n
catalogue as they are.

    say("followed", "en", done=3, enacted=4, rate=0.75)

Field names and codes in the JSON answers stay English; only sentences and labels change.
"""

from __future__ import annotations

from serving.state.errors import BadRequest

LANGS = ("id", "en")

TEXTS: dict[str, dict[str, str]] = {
    "followed": {
        "id": "{done} dari {enacted} mutasi yang ditetapkan terlaksana ({rate:.0%}).",
        "en": "{done} of {enacted} enacted moves were carried out ({rate:.0%})."},
    "none_enacted": {
        "id": "Tidak ada mutasi yang ditetapkan (disetujui atau diubah) dalam putaran ini.",
        "en": "No move of this round was enacted (approved or overridden)."},
    "calibration": {
        "id": "Skor prediksi dan penilaian kinerja sesudahnya: korelasi {r:+.2f} "
            "(Spearman {rho:+.2f}) pada {n} pegawai yang dipindahkan.",
        "en": "Predicted score against the appraisal that followed: correlation {r:+.2f} "
            "(Spearman {rho:+.2f}) over {n} employees moved."},
    "calibration_thin": {
        "id": "Terlalu sedikit pegawai yang dipindahkan dengan penilaian sesudahnya ({n}) "
            "untuk membandingkan skor prediksi dengan kinerja.",
        "en": "Too few moved employees with an appraisal since ({n}) to compare predicted "
            "score with performance."},
    "overrides": {
        "id": "Usulan yang diubah pimpinan: {n_over} (terlaksana {rate_over}, penilaian "
            "rata-rata {after_over}); usulan sesuai rencana: {n_plan} (terlaksana "
            "{rate_plan}, penilaian rata-rata {after_plan}).",
        "en": "Overridden moves: {n_over} (carried out {rate_over}, mean appraisal "
            "{after_over}); moves as planned: {n_plan} (carried out {rate_plan}, mean "
            "appraisal {after_plan})."},
    "units": {
        "id": "{changed} unit kerja berubah; lowongan {vac_before} → {vac_after}, penilaian "
            "rata-rata kota {app_before} ({year_before}) → {app_after} ({year_after}).",
        "en": "{changed} units changed; vacancies {vac_before} → {vac_after}, city mean "
            "appraisal {app_before} ({year_before}) → {app_after} ({year_after})."},
    "observed": {
        "id": "Ekspor {snapshot} (per {date}) dibandingkan dengan putaran tanggal {round_date}.",
        "en": "Export {snapshot} (as of {date}) matched with the round of {round_date}."},
    "status.carried_out": {"id": "terlaksana", "en": "carried out"},
    "status.not_carried_out": {"id": "tidak terlaksana", "en": "not carried out"},
    "status.elsewhere": {"id": "pindah ke jabatan lain", "en": "moved elsewhere"},
    "status.left": {"id": "tidak ada lagi di ekspor", "en": "no longer in the export"},
    "status.position_gone": {"id": "jabatan tidak ada lagi", "en": "position no longer exists"},
    "decision.approve": {"id": "disetujui", "en": "approved"},
    "decision.override": {"id": "diubah", "en": "overridden"},
    "decision.reject": {"id": "ditolak", "en": "rejected"},
    "decision.none": {"id": "belum diputuskan", "en": "undecided"},
    "head.report": {"id": "Laporan hasil putaran {name} ({round_id})",
                    "en": "Outcome report of round {name} ({round_id})"},
    "head.units": {"id": "Unit kerja sebelum dan sesudah", "en": "Units before and after"},
    "head.calibration": {"id": "Skor prediksi dan kinerja nyata",
                         "en": "Predicted score and realised appraisal"},
    "col.unit": {"id": "unit", "en": "unit"},
    "col.headcount": {"id": "pegawai", "en": "headcount"},
    "col.vacancies": {"id": "lowongan", "en": "vacancies"},
    "col.appraisal": {"id": "penilaian", "en": "appraisal"},
    "col.in": {"id": "masuk (rencana/nyata)", "en": "in (planned/real)"},
    "col.out": {"id": "keluar (rencana/nyata)", "en": "out (planned/real)"},
    "col.score": {"id": "skor prediksi", "en": "predicted score"},
    "col.moves": {"id": "mutasi", "en": "moves"},
    "col.realised": {"id": "penilaian sesudah", "en": "appraisal after"},
    "col.before": {"id": "penilaian sebelum", "en": "appraisal before"},
    "plot.calibration": {"id": "Skor prediksi vs penilaian sesudah mutasi",
                         "en": "Predicted score vs appraisal after the move"},
    "plot.score": {"id": "skor prediksi (0–1)", "en": "predicted score (0–1)"},
    "plot.appraisal": {"id": "penilaian (1–5)", "en": "appraisal (1–5)"},
    "drift.head": {"id": "Perubahan antara dua ekspor: {old} → {new}",
                   "en": "What changed between two exports: {old} → {new}"},
    "drift.summary": {
        "id": "{shifted} dari {n} fitur bergeser (PSI ≥ {bar}); skor model: PSI {score}.",
        "en": "{shifted} of {n} features shifted (PSI ≥ {bar}); model score: PSI {score}."},
    "drift.level.stable": {"id": "stabil", "en": "stable"},
    "drift.level.moderate": {"id": "bergeser sedikit", "en": "moderate shift"},
    "drift.level.major": {"id": "bergeser besar", "en": "major shift"},
    "drift.plot": {"id": "PSI per fitur (garis: 0,1 dan 0,25)",
                   "en": "PSI per feature (lines: 0.1 and 0.25)"},
    "drift.scores": {"id": "Sebaran skor model", "en": "Model score distribution"},
    "na": {"id": "–", "en": "–"},
}


def check_lang(lang: str | None, header: str | None = None) -> str:
    """The report's language: `lang` as asked ('id' or 'en'; anything else is a 400 naming
    `lang`), else the Accept-Language header's first language if it is English, else 'id'."""
    if lang is not None:
        low = str(lang).strip().lower()
        if low not in LANGS:
            raise BadRequest(f"lang: {lang!r} is not a language of the reports (id, en)",
                             field="lang")
        return low
    first = (header or "").split(",")[0].split(";")[0].strip().lower()
    return "en" if first.startswith("en") else "id"


def say(key: str, lang: str, **values) -> str:
    return TEXTS[key][lang].format(**values)
