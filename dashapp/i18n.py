"""Every user-facing text of the app, in English and Russian, and number formatting per language.

``t(key, lang, **values)`` looks a text up (falling back to English, then to the key itself) and
fills ``{placeholders}``.  Russian follows the article's terms: ЗИП for the spare-parts stock
("spare parts" in English); критические / крупные / незначительные / технические инциденты for
the four priorities; 24*7*4.
Numbers: English ``1,234,567.8``; Russian ``1 234 567,8`` (no-break space, decimal comma).
"""

from __future__ import annotations

import math
import re

from bizcase.model import PRIORITIES
from bizcase.output.text import LINE_LABELS, SHARED_TEXT
from bizcase.simulate.engine import REPORT_STAGES

LANGUAGES: tuple[str, ...] = ("en", "ru")
DEFAULT_LANGUAGE = "en"
NBSP = "\u00a0"

#: App keys that show a shared text (:mod:`bizcase.output.text`) under the app's own name.
SHARED_ALIASES: dict[str, str] = {
    "p90_note": "p90_note_chart",
    "expected_loss": "col_expected",
    "k_el": "col_expected",
    "p90_loss": "col_p90",
    "k_p90": "col_p90",
    "availability": "col_availability",
    "k_availability": "col_availability",
    "roi_option": "col_option",
    "b_option": "col_option",
    "roi_fee": "col_fee",
    "f_fee": "col_fee",
    "k_fee": "col_fee",
    "roi_roi": "col_roi",
    "roi_never": "never",
    "b_never": "never",
    "context_title": "sec_context",
    "report_client_title": "kind_client",
    "report_management_title": "kind_management",
    "col_pv": "col_present_value",
    "b_prob_negative": "col_prob_negative",
    "year": "col_year_short",
    "npv_y": "npv_axis",
}

TEXT: dict[str, dict[str, str]] = {
    # --- shared with the reports: priorities, stages, roles, chart labels, context cards -----
    **SHARED_TEXT,
    **{alias: SHARED_TEXT[key] for alias, key in SHARED_ALIASES.items()},
    **{f"line_{name}": label for name, label in LINE_LABELS.items()},
    # --- shell -----------------------------------------------------------------------------
    "app_title": {"en": "bizcase", "ru": "bizcase"},
    "tagline": {
        "en": "Downtime cost and support contracts, every number derived",
        "ru": "Стоимость простоя и контракты поддержки: каждое число выведено",
    },
    "nav_library": {"en": "Scenarios", "ru": "Сценарии"},
    "nav_losses": {"en": "Client losses", "ru": "Потери клиента"},
    "nav_edit": {"en": "Edit inputs", "ru": "Исходные данные"},
    "nav_compare": {"en": "Compare", "ru": "Сравнение"},
    "nav_delivery": {"en": "Delivery", "ru": "Сервис"},
    "nav_design": {"en": "Design", "ru": "Проект сервиса"},
    "nav_business": {"en": "Business case", "ru": "Бизнес-кейс"},
    "scenario": {"en": "Scenario", "ru": "Сценарий"},
    "language": {"en": "Language", "ru": "Язык"},
    "unsaved": {"en": "edited, not saved", "ru": "изменён, не сохранён"},
    "share": {"en": "Share link", "ru": "Ссылка"},
    "share_label": {
        "en": "This link reopens this view: page, choices, language and unsaved edits",
        "ru": "Ссылка открывает этот же вид: страницу, выбор, язык и несохранённые изменения",
    },
    "share_clean": {
        "en": "No unsaved edits: the link opens the scenario as saved.",
        "ru": "Несохранённых изменений нет: ссылка откроет сценарий как сохранён.",
    },
    "share_edits": {
        "en": "Carries {n} edited values ({chars} of at most {cap} characters).",
        "ru": "Содержит изменённых значений: {n} ({chars} из не более {cap} символов).",
    },
    "share_too_big": {
        "en": "The unsaved edits are too many for a link ({chars} characters, at most {cap}): "
        "the link opens the page and scenario only. Save the scenario and share the file.",
        "ru": "Несохранённых изменений слишком много для ссылки ({chars} символов, не более "
        "{cap}): ссылка откроет только страницу и сценарий. Сохраните сценарий и передайте файл.",
    },
    "share_bad": {
        "en": "The link's edits were not applied ({problem}); the scenario opens as saved.",
        "ru": "Изменения из ссылки не применены ({problem}); сценарий открыт как сохранён.",
    },
    "share_other": {
        "en": "the link's edits belong to scenario {key}",
        "ru": "изменения из ссылки относятся к сценарию {key}",
    },
    "share_applied": {
        "en": "Opened with the {n} unsaved edits of the shared link.",
        "ru": "Открыто с несохранёнными изменениями из ссылки: {n}.",
    },
    "discard_edits": {
        "en": "“{current}” has edits that are not saved. Open “{key}” and discard them?",
        "ru": "В «{current}» есть несохранённые изменения. Открыть «{key}» и отбросить их?",
    },
    "no_scenarios": {
        "en": "No scenario found. Upload a .toml file on the Scenarios page.",
        "ru": "Сценарии не найдены. Загрузите файл .toml на странице «Сценарии».",
    },
    "unknown_scenario": {
        "en": "Scenario “{key}” is not in the library; showing “{fallback}”.",
        "ru": "Сценария «{key}» нет в библиотеке; показан «{fallback}».",
    },
    "not_available_title": {
        "en": "Not yet available in this version",
        "ru": "Пока недоступно в этой версии",
    },
    "not_available_delivery": {
        "en": "The delivery model (staffing, on-call rota, service desk, spare parts, SLA "
        "attainment) arrives with the library's delivery module. The client-loss and compare "
        "pages work today.",
        "ru": "Модель сервиса (штат, дежурства, сервис-деск, ЗИП, выполнение SLA) появится "
        "вместе с модулем delivery библиотеки. Страницы потерь клиента и сравнения уже работают.",
    },
    # --- domain terms ----------------------------------------------------------------------
    "sla_24x7x4": {
        "en": "24x7x4: around the clock, at most 4 hours to full restoration",
        "ru": "24*7*4: круглосуточно, не более 4 часов до полного восстановления",
    },
    # --- client losses page ----------------------------------------------------------------
    "losses_title": {
        "en": "What downtime costs {client}, and what each contract saves",
        "ru": "Во что обходится простой для «{client}» и что экономит каждый контракт",
    },
    "cost_hour_peak": {
        "en": "One hour of downtime at peak (hard loss)",
        "ru": "Час простоя в пик (прямые потери)",
    },
    "cost_hour_avg": {
        "en": "One hour, average over the year (hard loss)",
        "ru": "Час простоя, в среднем за год (прямые потери)",
    },
    "nines": {"en": "{n} nines", "ru": "девяток: {n}"},
    "downtime_hours": {
        "en": "{h} h of full-outage-equivalent downtime a year",
        "ru": "{h} ч простоя в эквиваленте полного отказа за год",
    },
    "today": {"en": "Today", "ru": "Сегодня"},
    "annual_fee": {"en": "Fee {fee}/year", "ru": "Плата {fee}/год"},
    "log_scale": {"en": "Log scale", "ru": "Логарифмическая шкала"},
    "priority_title": {
        "en": "Expected annual loss by priority",
        "ru": "Потери за год по приоритетам",
    },
    "roi_title": {
        "en": "Client ROI and payback of each contract (vs today)",
        "ru": "Окупаемость каждого контракта для клиента (против сегодняшнего дня)",
    },
    "roi_avoided": {"en": "Loss avoided / year", "ru": "Предотвращённые потери / год"},
    "roi_saving": {"en": "Net saving / year", "ru": "Чистая экономия / год"},
    "roi_payback": {"en": "Payback", "ru": "Окупаемость"},
    "roi_months": {"en": "{m} months", "ru": "{m} мес."},
    "roi_free": {"en": "free", "ru": "бесплатно"},
    "roi_explain": {
        "en": "Loss avoided and net saving in year 1 (hard losses unless the scenario counts "
        "soft ones too; own staff saved included); ROI and payback over the business case, at "
        "base values — the same figures as bizcase run and the reports. Payback in months only "
        "with an up-front cost worth a month of the first year's saving.",
        "ru": "Предотвращённые потери и чистая экономия за первый год (прямые потери, если "
        "сценарий не учитывает и косвенные; с экономией на своём персонале); ROI и окупаемость "
        "за горизонт бизнес-кейса при базовых значениях — те же числа, что в bizcase run и в "
        "отчётах. Окупаемость в месяцах — только при разовых затратах не меньше месячной "
        "экономии первого года.",
    },
    "whatif_title": {"en": "What if…", "ru": "Что если…"},
    "preview_badge": {
        "en": "Live preview: {trials} simulated years, seed {seed}",
        "ru": "Быстрый расчёт: {trials} модельных лет, seed {seed}",
    },
    "full_badge": {
        "en": "Full run: {trials} simulated years, seed {seed}",
        "ru": "Полный расчёт: {trials} модельных лет, seed {seed}",
    },
    "full_run": {"en": "Run full simulation", "ru": "Полный расчёт"},
    "run_size": {"en": "Simulated years", "ru": "Модельных лет"},
    "run_size_scenario": {
        "en": "As in the scenario ({trials})",
        "ru": "Как в сценарии ({trials})",
    },
    "run_size_years": {"en": "{trials} years", "ru": "{trials} лет"},
    "cancel": {"en": "Cancel", "ru": "Отмена"},
    "se_note": {
        "en": "± {se} Monte Carlo standard error",
        "ru": "± {se} стандартная ошибка Монте-Карло",
    },
    "fix_inputs": {
        "en": "Some inputs are invalid: the charts show the last valid values.",
        "ru": "Некоторые значения неверны: графики показывают последние верные значения.",
    },
    # --- report downloads --------------------------------------------------------------------
    "report_client_hint": {
        "en": "The client report of the scenario as shown here (unsaved edits included): cost "
        "of an hour, losses today vs each contract, ROI and payback, context and the SLA annex.",
        "ru": "Отчёт для клиента по сценарию, как он показан здесь (с несохранёнными "
        "изменениями): стоимость часа, потери сегодня и с каждым контрактом, окупаемость, "
        "данные для сравнения и приложение SLA.",
    },
    "report_client_button": {"en": "Download leave-behind", "ru": "Скачать материалы"},
    "report_management_hint": {
        "en": "Cash flows of both ledgers, staffing and on-call, spare parts, SLA attainment and "
        "penalties, NPV distributions, staged strategy, tornado and break-even, for the "
        "scenario as shown here (unsaved edits included). Takes a few seconds.",
        "ru": "Денежные потоки обеих сторон, штат и дежурства, ЗИП, выполнение SLA и штрафы, "
        "распределения NPV, поэтапная стратегия, торнадо и безубыточность — для сценария, как "
        "он показан здесь (с несохранёнными изменениями). Занимает несколько секунд.",
    },
    "report_management_button": {
        "en": "Download management pack",
        "ru": "Скачать пакет для руководства",
    },
    "report_format": {"en": "Format", "ru": "Формат"},
    "format_html": {"en": "HTML", "ru": "HTML"},
    "format_pdf": {"en": "PDF", "ru": "PDF"},
    "format_xlsx": {"en": "Excel", "ru": "Excel"},
    "report_computing": {
        "en": "Computing: {trials} simulated years, {case} business-case trials…",
        "ru": "Расчёт: {trials} модельных лет, {case} испытаний бизнес-кейса…",
    },
    "report_rendering": {"en": "Rendering {format}…", "ru": "Формирование {format}…"},
    "report_ready": {"en": "Downloaded “{name}” ({size}).", "ru": "Скачан «{name}» ({size})."},
    "report_failed": {
        "en": "The report could not be made: {detail}",
        "ru": "Отчёт не сформирован: {detail}",
    },
    "report_internal": {
        "en": "an unexpected error ({kind}); the server log has the details",
        "ru": "непредвиденная ошибка ({kind}); подробности в журнале сервера",
    },
    "size_kb": {"en": "{n} KB", "ru": "{n} КБ"},
    "size_mb": {"en": "{n} MB", "ru": "{n} МБ"},
    # --- editing ---------------------------------------------------------------------------
    "edit_title": {"en": "Edit the inputs of {name}", "ru": "Исходные данные: {name}"},
    "edit_help": {
        "en": "Changes apply at once to every page and stay until you reset or pick another "
        "scenario. Save them on the Scenarios page.",
        "ru": "Изменения сразу применяются на всех страницах и сохраняются до сброса или выбора "
        "другого сценария. Сохранить их можно на странице «Сценарии».",
    },
    "derived_stages": {
        "en": "{stages}: derived from the option's delivery design (see Delivery).",
        "ru": "{stages}: выводятся из схемы обслуживания варианта (см. «Сервис»).",
    },
    "reset": {"en": "Reset to file values", "ru": "Сбросить к значениям файла"},
    "sec_client": {
        "en": "Client: what an hour of outage costs",
        "ru": "Клиент: стоимость часа простоя",
    },
    "sec_incidents": {
        "en": "Incidents per year by priority",
        "ru": "Инциденты в год по приоритетам",
    },
    "sec_options": {"en": "Support options", "ru": "Варианты поддержки"},
    "sec_simulation": {"en": "Simulation", "ru": "Моделирование"},
    "sec_preview": {"en": "Live result", "ru": "Результат"},
    "f_revenue": {"en": "Revenue at risk per peak hour", "ru": "Выручка под угрозой в пиковый час"},
    "f_recovered": {"en": "Share recovered later", "ru": "Доля, возмещаемая позже"},
    "f_employees": {"en": "Employees affected", "ru": "Затронутые сотрудники"},
    "f_loaded_cost": {
        "en": "Loaded cost per employee hour",
        "ru": "Полная стоимость часа сотрудника",
    },
    "f_productivity": {"en": "Productivity lost", "ru": "Потеря производительности"},
    "f_penalty_threshold": {"en": "Penalties start after", "ru": "Штрафы начинаются после"},
    "f_penalty": {"en": "Penalty per hour beyond it", "ru": "Штраф за каждый час сверх"},
    "f_rate": {"en": "{priority}: incidents", "ru": "{priority}: инциденты"},
    "f_impact": {"en": "{priority}: impact share", "ru": "{priority}: доля ущерба"},
    "f_median": {"en": "{stage}: typical (median)", "ru": "{stage}: обычно (медиана)"},
    "f_p90": {"en": "{stage}: bad case (P90)", "ru": "{stage}: худший случай (P90)"},
    "f_stockout": {"en": "Spare-part stock-out probability", "ru": "Вероятность отсутствия ЗИП"},
    "f_trials": {"en": "Trials for the full run", "ru": "Испытаний в полном расчёте"},
    "f_seed": {"en": "Random seed", "ru": "Начальное значение (seed)"},
    "u_money_hour": {"en": "{currency}/h", "ru": "{currency}/ч"},
    "u_money_year": {"en": "{currency}/year", "ru": "{currency}/год"},
    "u_share": {"en": "share 0–1", "ru": "доля 0–1"},
    "u_hours": {"en": "hours", "ru": "часов"},
    "u_people": {"en": "people", "ru": "чел."},
    "u_per_year": {"en": "per year", "ru": "в год"},
    "u_years": {"en": "simulated years", "ru": "модельных лет"},
    "u_seed": {"en": "integer ≥ 0", "ru": "целое ≥ 0"},
    "need_number": {"en": "a number is required", "ru": "нужно число"},
    "need_dist": {"en": "one of {choices}", "ru": "одно из: {choices}"},
    "range_low": {"en": "low", "ru": "от"},
    "range_high": {"en": "high", "ru": "до"},
    "range_mode": {"en": "most likely", "ru": "наиболее вероятное"},
    "range_mode_hint": {
        "en": "triangular, PERT; empty: midpoint",
        "ru": "треуг., PERT; пусто: середина",
    },
    "range_help": {
        "en": "Uncertain: 90 % sure between low and high (lognormal), or the bounds of the "
        "distribution named. Base value {base}.",
        "ru": "Неопределённость: с вероятностью 90 % между «от» и «до» (логнормальное), или "
        "границы выбранного распределения. Базовое значение {base}.",
    },
    "dist_lognormal": {"en": "lognormal (90 %)", "ru": "логнорм. (90 %)"},
    "dist_uniform": {"en": "uniform", "ru": "равномерное"},
    "dist_triangular": {"en": "triangular", "ru": "треугольное"},
    "dist_pert": {"en": "PERT", "ru": "PERT"},
    "other_problems": {
        "en": "Other problems in this scenario:",
        "ru": "Другие ошибки в сценарии:",
    },
    # --- library ---------------------------------------------------------------------------
    "library_title": {"en": "Scenario library", "ru": "Библиотека сценариев"},
    "library_help": {
        "en": "Shipped scenarios are read-only; yours are TOML files in {folder}.",
        "ru": "Поставляемые сценарии только для чтения; ваши — файлы TOML в {folder}.",
    },
    "kind_shipped": {"en": "shipped", "ru": "поставляемый"},
    "kind_user": {"en": "yours", "ru": "ваш"},
    "open": {"en": "Open", "ru": "Открыть"},
    "current": {"en": "Current scenario", "ru": "Текущий сценарий"},
    "duplicate": {"en": "Duplicate", "ru": "Дублировать"},
    "save": {"en": "Save", "ru": "Сохранить"},
    "save_as": {"en": "Save as", "ru": "Сохранить как"},
    "new_name": {"en": "New name", "ru": "Новое имя"},
    "delete": {"en": "Delete", "ru": "Удалить"},
    "download": {"en": "Download .toml", "ru": "Скачать .toml"},
    "upload": {
        "en": "Drop a scenario .toml here or click to upload (max {kib} KiB)",
        "ru": "Перетащите файл сценария .toml сюда или нажмите для загрузки (до {kib} КиБ)",
    },
    "msg_saved": {"en": "Saved as “{key}”.", "ru": "Сохранено как «{key}»."},
    "msg_deleted": {"en": "Deleted “{key}”.", "ru": "«{key}» удалён."},
    "msg_uploaded": {
        "en": "Added “{key}” to your library.",
        "ru": "«{key}» добавлен в библиотеку.",
    },
    "msg_upload_bad": {
        "en": "The file was not added: it is not a valid scenario.",
        "ru": "Файл не добавлен: это не корректный сценарий.",
    },
    "err_unknown": {"en": "No scenario “{detail}”.", "ru": "Нет сценария «{detail}»."},
    "err_exists": {
        "en": "A scenario named “{detail}” already exists: choose another name.",
        "ru": "Сценарий «{detail}» уже есть: выберите другое имя.",
    },
    "err_shipped_name": {
        "en": "“{detail}” is a shipped scenario's name: choose another.",
        "ru": "«{detail}» — имя поставляемого сценария: выберите другое.",
    },
    "err_read_only": {
        "en": "“{detail}” is shipped and read-only: use Save as.",
        "ru": "«{detail}» поставляется и только для чтения: используйте «Сохранить как».",
    },
    "err_bad_name": {
        "en": "Give a name with letters or digits ({detail}).",
        "ru": "Укажите имя из латинских букв или цифр ({detail}).",
    },
    "err_reserved_name": {
        "en": "Name “{detail}”: Windows reserves it for a device (CON, PRN, AUX, NUL, COM1–COM9, "
        "LPT1–LPT9, with or without an extension): choose another name.",
        "ru": "Имя «{detail}»: Windows резервирует его для устройства (CON, PRN, AUX, NUL, "
        "COM1–COM9, LPT1–LPT9, с расширением или без): выберите другое имя.",
    },
    "msg_uploaded_renamed": {
        "en": "“{wanted}” was taken: added the file to your library as “{key}”.",
        "ru": "Имя «{wanted}» занято: файл добавлен в библиотеку как «{key}».",
    },
    "err_work": {
        "en": "Incident rates (incidents.<priority>.annual_rate and the inventory's failures): "
        "{per_year} incidents a year would make {incidents} incidents for {years} simulated "
        "years, over the limit of {budget}. Lower the rates to at most {max_rate} a year.",
        "ru": "Частоты инцидентов (incidents.<приоритет>.annual_rate и отказы оборудования): "
        "{per_year} инцидентов в год дают {incidents} инцидентов за {years} модельных лет — "
        "больше предела {budget}. Уменьшите частоты до {max_rate} в год или меньше.",
    },
    "jobs_busy": {
        "en": "Not started: {running} background jobs are already running (the limit is "
        "{limit}). Try again when one has finished.",
        "ru": "Не запущено: уже выполняется фоновых задач — {running} (предел {limit}). "
        "Повторите, когда одна из них завершится.",
    },
    "err_too_large": {"en": "The file is larger than {detail}.", "ru": "Файл больше {detail}."},
    "err_bad_upload": {
        "en": "Not a readable file ({detail}).",
        "ru": "Файл не читается ({detail}).",
    },
    "err_invalid": {
        "en": "The edited scenario is invalid: fix it on the Edit page first.",
        "ru": "Изменённый сценарий содержит ошибки: исправьте их на странице исходных данных.",
    },
    # --- compare ---------------------------------------------------------------------------
    "compare_title": {"en": "Compare scenarios side by side", "ru": "Сравнение сценариев"},
    "compare_pick": {"en": "Scenarios (2–4)", "ru": "Сценарии (2–4)"},
    "compare_need": {
        "en": "Pick two to four scenarios.",
        "ru": "Выберите от двух до четырёх сценариев.",
    },
    "compare_which": {"en": "Option shown", "ru": "Показываемый вариант"},
    "compare_baseline": {"en": "Today (baseline)", "ru": "Сегодня (базовый)"},
    "compare_best": {
        "en": "Best contract (lowest fee + expected loss)",
        "ru": "Лучший контракт (минимум платы и потерь)",
    },
    "compare_figures": {
        "en": "Key figures (Δ vs the first)",
        "ru": "Ключевые показатели (Δ к первому)",
    },
    "compare_lec": {
        "en": "Loss-exceedance of the option shown",
        "ru": "Кривая превышения потерь для выбранного варианта",
    },
    "compare_diff": {"en": "Inputs that differ", "ru": "Различающиеся исходные данные"},
    "compare_same": {"en": "All inputs are equal.", "ru": "Все исходные данные совпадают."},
    "compare_diff_count": {
        "en": "{n} inputs differ (scroll the table; the field path shows on hover).",
        "ru": "Различаются входные данные: {n} (таблица прокручивается; путь поля — при "
        "наведении).",
    },
    "compare_own_currency": {"en": "each scenario's currency", "ru": "в валюте сценария"},
    "compare_lec_currencies": {
        "en": "Loss-exceedance curves, one axis per currency ({currencies}; not converted)",
        "ru": "Кривые превышения потерь, по оси на валюту ({currencies}; без пересчёта)",
    },
    "compare_business": {
        "en": "Business case of the option shown",
        "ru": "Бизнес-кейс показанного варианта",
    },
    "cmp_b_option": {"en": "Option", "ru": "Вариант"},
    "cmp_b_client_npv": {"en": "Client NPV (mean)", "ru": "NPV клиента (среднее)"},
    "cmp_b_client_roi": {"en": "Client ROI", "ru": "ROI клиента"},
    "cmp_b_client_payback": {"en": "Client payback", "ru": "Окупаемость для клиента"},
    "cmp_b_integrator_npv": {"en": "Integrator NPV (mean)", "ru": "NPV интегратора (среднее)"},
    "cmp_b_integrator_negative": {
        "en": "Integrator P(NPV < 0)",
        "ru": "Интегратор: P(NPV < 0)",
    },
    "cmp_b_margin": {
        "en": "Integrator margin (PV, ± s.e.)",
        "ru": "Маржа интегратора (PV, ± ст. ошибка)",
    },
    "cmp_b_trials": {"en": "Business-case trials", "ru": "Испытаний бизнес-кейса"},
    "cmp_b_note": {
        "en": "Each in its scenario's own currency, over its own horizon and discount rate (the "
        "Business case page shows how). The status quo has no contract: its cells are empty.",
        "ru": "Каждый — в валюте своего сценария, на своём горизонте и ставке дисконтирования "
        "(подробно — на странице «Бизнес-кейс»). У текущего положения нет контракта: ячейки "
        "пусты.",
    },
    "field": {"en": "Field", "ru": "Поле"},
    "k_option": {"en": "Option shown", "ru": "Вариант"},
    "k_cost_hour": {"en": "Cost of one hour at peak", "ru": "Час простоя в пик"},
    "k_incidents": {"en": "Incidents per year", "ru": "Инцидентов в год"},
    "k_total": {"en": "Fee + expected loss", "ru": "Плата + ожидаемые потери"},
    "k_saving": {"en": "Net saving vs today", "ru": "Чистая экономия к сегодняшнему"},
    # --- delivery (when the library provides it) -------------------------------------------
    "d_option": {"en": "Support option", "ru": "Вариант поддержки"},
    "d_contracts": {"en": "Contracts served", "ru": "Обслуживаемых контрактов"},
    "d_cost": {"en": "Cost to serve per year", "ru": "Затраты на обслуживание в год"},
    "d_cost_contract": {"en": "Cost per contract", "ru": "Затраты на контракт"},
    "d_fee": {"en": "Fee per contract", "ru": "Плата за контракт"},
    "d_spares": {"en": "Capital in spare parts", "ru": "Капитал в ЗИП"},
    "d_fill": {"en": "fill rate {f}", "ru": "уровень обслуживания {f}"},
    "d_rota": {"en": "On-call rota", "ru": "График дежурств"},
    "d_rota_text": {
        "en": "{n} engineers share {p} phone(s); each is on call {w} weeks a year",
        "ru": "{n} инженеров делят {p} дежурный(х) телефон(а); каждый дежурит {w} недель в год",
    },
    "d_credits": {
        "en": "Service credits per contract",
        "ru": "Штрафы (сервисные кредиты) на контракт",
    },
    "d_no_delivery": {
        "en": "This scenario has no [delivery] section: add one to size the service.",
        "ru": "В сценарии нет раздела [delivery]: добавьте его, чтобы рассчитать сервис.",
    },
    "fte_title": {"en": "People needed: FTE by role", "ru": "Нужные люди: FTE по ролям"},
    "headcount": {"en": "Headcount", "ru": "Человек"},
    "desk_title": {
        "en": "Service-desk agents by hour of the week",
        "ru": "Операторы сервис-деска по часам недели",
    },
    "agents": {"en": "Agents", "ru": "Операторы"},
    "hour": {"en": "Hour of day", "ru": "Час суток"},
    "frontier_title": {
        "en": "Spares frontier: capital frozen vs expected backorders",
        "ru": "Граница ЗИП: замороженный капитал против ожидаемого дефицита",
    },
    "frontier": {"en": "Frontier", "ru": "Граница"},
    "chosen": {"en": "Chosen stock", "ru": "Выбранный запас"},
    "capital": {"en": "Capital in spares", "ru": "Капитал в ЗИП"},
    "backorders": {"en": "Expected backorders", "ru": "Ожидаемый дефицит"},
    "sla_title": {"en": "SLA attainment by priority", "ru": "Выполнение SLA по приоритетам"},
    "attainment": {"en": "Within target", "ru": "В срок"},
    "attainment_capacity": {
        "en": "With engineer availability",
        "ru": "С учётом занятости инженеров",
    },
    "credits_title": {
        "en": "Service credits paid per year",
        "ru": "Сервисные кредиты (штрафы) за год",
    },
    "credits": {"en": "Credits per year", "ru": "Кредиты за год"},
    "scaling_title": {
        "en": "Cost per contract vs number of contracts",
        "ru": "Затраты на контракт в зависимости от числа контрактов",
    },
    "cost_per_contract": {"en": "Cost per contract per year", "ru": "Затраты на контракт в год"},
    "contracts": {"en": "Contracts", "ru": "Контракты"},
    "day_mon": {"en": "Mon", "ru": "Пн"},
    "day_tue": {"en": "Tue", "ru": "Вт"},
    "day_wed": {"en": "Wed", "ru": "Ср"},
    "day_thu": {"en": "Thu", "ru": "Чт"},
    "day_fri": {"en": "Fri", "ru": "Пт"},
    "day_sat": {"en": "Sat", "ru": "Сб"},
    "day_sun": {"en": "Sun", "ru": "Вс"},
    "design_page_title": {
        "en": "Design: the cheapest delivery that meets the SLA for {client}",
        "ru": "Проект сервиса: самый дешёвый вариант, выполняющий SLA для «{client}»",
    },
    "g_option": {"en": "Support option with a design", "ru": "Вариант поддержки с проектом"},
    "g_no_design": {
        "en": "No option of this scenario has a delivery design ([options.<id>.design]).",
        "ru": "Ни у одного варианта этого сценария нет проекта сервиса ([options.<id>.design]).",
    },
    "g_target_critical": {
        "en": "Critical restored within target (share)",
        "ru": "Критические, восстановленные в срок (доля)",
    },
    "g_target_major": {
        "en": "Major restored within target (share, optional)",
        "ru": "Крупные, восстановленные в срок (доля, необязательно)",
    },
    "g_run": {"en": "Search designs", "ru": "Искать варианты"},
    "g_bad_target": {
        "en": "{what}: give a share from 0.5 to 1 (0.95 = 95 %).",
        "ru": "{what}: укажите долю от 0,5 до 1 (0,95 = 95 %).",
    },
    "g_summary": {
        "en": "{evaluated} of {space} designs simulated on the same {trials} trial-years "
        "(branch and bound on a cost lower bound); cost to serve one contract a year at "
        "{contracts} contracts.",
        "ru": "Смоделировано {evaluated} из {space} вариантов на одних и тех же {trials} "
        "годах-испытаниях (метод ветвей и границ по нижней оценке затрат); затраты на один "
        "контракт в год при {contracts} контрактах.",
    },
    "g_cheapest": {
        "en": "Cheapest meeting every target: {cost} a contract ({label}); as filed {filed}.",
        "ru": "Самый дешёвый, выполняющий все цели: {cost} за контракт ({label}); в файле {filed}.",
    },
    "g_none": {
        "en": "No design meets the targets: {reason}",
        "ru": "Ни один вариант не выполняет цели: {reason}",
    },
    "g_col_design": {"en": "Design (changes from the file)", "ru": "Вариант (изменения к файлу)"},
    "g_col_cost": {"en": "Annual cost per contract", "ru": "Затраты в год на контракт"},
    "g_col_meets": {"en": "Meets targets", "ru": "Выполняет цели"},
    "g_col_frontier": {"en": "On the frontier", "ru": "На границе"},
    "g_yes": {"en": "yes", "ru": "да"},
    "g_no": {"en": "no", "ru": "нет"},
    "g_as_filed": {"en": "as filed", "ru": "как в файле"},
    "g_use": {"en": "Use this design", "ru": "Использовать этот вариант"},
    "g_used": {
        "en": "The option's design is now: {label}. Every page follows this edit; save it "
        "from the Scenarios page.",
        "ru": "Проект варианта теперь: {label}. Все страницы учитывают эту правку; сохраните "
        "её на странице сценариев.",
    },
    "g_stale": {
        "en": "The scenario changed since this search: search again.",
        "ru": "Сценарий изменился после поиска: запустите поиск снова.",
    },
    "design_title": {
        "en": "Design search: annual cost vs share restored within target",
        "ru": "Поиск проекта: годовые затраты против доли восстановленных в срок",
    },
    "design_candidates": {"en": "Designs simulated", "ru": "Смоделированные варианты"},
    "design_frontier": {"en": "Frontier", "ru": "Граница"},
    "design_chosen": {"en": "Chosen design", "ru": "Выбранный вариант"},
    "design_filed": {"en": "As filed", "ru": "Как в файле"},
    "design_target": {"en": "Target", "ru": "Цель"},
    "design_cost": {
        "en": "Cost to serve one contract per year",
        "ru": "Затраты на обслуживание одного контракта в год",
    },
    "design_attainment": {"en": "Restored within target", "ru": "Восстановлено в срок"},
    "delivery_title": {
        "en": "Delivery: what it takes to serve {client}",
        "ru": "Сервис: что нужно, чтобы обслуживать «{client}»",
    },
    "rota_title": {
        "en": "On-call rota: who carries the phone each week",
        "ru": "График дежурств: у кого дежурный телефон каждую неделю",
    },
    "week": {"en": "Week", "ru": "Неделя"},
    "phone": {"en": "Phone", "ru": "Телефон"},
    "off": {"en": "Off", "ru": "Не дежурит"},
    "d_member": {"en": "Engineer {n}", "ru": "Инженер {n}"},
    # --- business case ---------------------------------------------------------------------
    "business_title": {
        "en": "Business case: {client}, support vs outsourcing over {years} years",
        "ru": "Бизнес-кейс: «{client}», поддержка или аутсорсинг на {years} лет",
    },
    "b_side": {"en": "Ledger", "ru": "Чья сторона"},
    "b_badge": {
        "en": "Full precision: the scenario's {trials} trials × {years} years, seed {seed}, "
        "discount rate {rate} (the figures of “bizcase case”)",
        "ru": "Полная точность: {trials} испытаний сценария × {years} лет, seed {seed}, ставка "
        "дисконтирования {rate} (те же цифры, что у «bizcase case»)",
    },
    "b_badge_capped": {
        "en": "Live case: {trials} of the scenario's {full} trials × {years} years (the live "
        "incident budget), seed {seed}, discount rate {rate}",
        "ru": "Быстрый расчёт: {trials} из {full} испытаний сценария × {years} лет (лимит "
        "инцидентов живого расчёта), seed {seed}, ставка дисконтирования {rate}",
    },
    "b_timing": {
        "en": "Year 0 = initial investment, undiscounted; year t discounted by (1 + r)^t. "
        "Expected values across trials; money in {currency}.",
        "ru": "Год 0 — начальные вложения, без дисконтирования; год t дисконтируется на "
        "(1 + r)^t. Ожидаемые значения по испытаниям; деньги в {currency}.",
    },
    "b_cashflow_title": {
        "en": "Cash flows of {option} (TEI layout)",
        "ru": "Денежные потоки: {option} (формат TEI)",
    },
    "b_client_ledger": {
        "en": "Client: savings against today",
        "ru": "Клиент: экономия по сравнению с сегодняшним днём",
    },
    "b_integrator_ledger": {
        "en": "Integrator: one contract",
        "ru": "Интегратор: один контракт",
    },
    "col_initial": {"en": "Initial", "ru": "Начальные"},
    "b_npv_card": {"en": "Expected NPV ({side})", "ru": "Ожидаемая NPV ({side})"},
    "b_npv_sub": {
        "en": "P10 {p10} · P50 {p50} · P90 {p90}",
        "ru": "P10 {p10} · P50 {p50} · P90 {p90}",
    },
    "b_payback": {"en": "payback {y}", "ru": "окупаемость {y}"},
    "b_years": {"en": "{y} years", "ru": "{y} лет"},
    "b_irr": {"en": "IRR {v}", "ru": "IRR {v}"},
    "b_roi": {"en": "ROI {v}", "ru": "ROI {v}"},
    "b_price_floor": {"en": "Price floor", "ru": "Минимальная цена"},
    "need_text": {"en": "a text is required", "ru": "нужен текст"},
    "new_title": {"en": "New scenario", "ru": "Новый сценарий"},
    "new_template": {"en": "Start from", "ru": "На основе"},
    "new_scenario_name": {"en": "Scenario name", "ru": "Название сценария"},
    "new_client": {"en": "Client", "ru": "Клиент"},
    "new_description": {"en": "Description", "ru": "Описание"},
    "new_currency": {"en": "Currency (ISO code)", "ru": "Валюта (код ISO)"},
    "new_create": {"en": "Create", "ru": "Создать"},
    "new_hint": {
        "en": "A copy of the template with its comments, under your name, client and currency; "
        "then set the numbers on Edit inputs.",
        "ru": "Копия шаблона с его комментариями — с вашим названием, клиентом и валютой; "
        "затем задайте числа на странице «Ввод данных».",
    },
    "b_solve_title": {"en": "Fee for a target margin", "ru": "Плата для целевой маржи"},
    "b_solve_run": {"en": "Solve the fee", "ru": "Рассчитать плату"},
    "b_solve_hint": {
        "en": "The fee of the chosen option at which the integrator's PV margin on revenue is "
        "the target, on the page's trials (goal seek, same random numbers).",
        "ru": "Плата выбранного варианта, при которой маржа интегратора (по приведённой "
        "стоимости) равна целевой, на испытаниях страницы (подбор, те же случайные числа).",
    },
    "b_solved": {
        "en": "{option}: {fee} a year gives a {m} margin",
        "ru": "{option}: {fee} в год дают маржу {m}",
    },
    "b_solved_sub": {
        "en": "margin {got} ± {se} (Monte Carlo s.e.) on {trials} trials; today's fee {today}; "
        "{n} evaluations",
        "ru": "маржа {got} ± {se} (ошибка Монте-Карло) на {trials} испытаниях; сейчас {today}; "
        "{n} расчётов",
    },
    "b_price_floor_sub": {
        "en": "fee at a {m} target margin; today {fee}",
        "ru": "плата при целевой марже {m}; сейчас {fee}",
    },
    "b_break_even": {"en": "Break-even contracts", "ru": "Контрактов для безубыточности"},
    "b_break_even_sub": {
        "en": "support contracts of “{option}” for the business to pay",
        "ru": "контрактов «{option}», чтобы бизнес поддержки окупался",
    },
    "b_break_even_none": {"en": "not reached", "ru": "не достигается"},
    "b_best_k": {"en": "Best staged strategy", "ru": "Лучшая поэтапная стратегия"},
    "b_best_k_value": {"en": "k = {k}", "ru": "k = {k}"},
    "b_best_k_sub": {
        "en": "support for {k} years, then outsourcing",
        "ru": "поддержка {k} лет, затем аутсорсинг",
    },
    "b_beats_title": {
        "en": "Chance that the row option beats the column option ({side} NPV)",
        "ru": "Вероятность, что вариант в строке лучше варианта в столбце (NPV, {side})",
    },
    "b_beats_note": {
        "en": "Same simulated years for every option (common random numbers), so the "
        "comparison is not noise.",
        "ru": "Для всех вариантов одни и те же модельные годы (общие случайные числа), поэтому "
        "сравнение не искажено шумом.",
    },
    "b_tornado_title": {
        "en": "What drives the answer: tornado of {option} ({side})",
        "ru": "Что определяет результат: торнадо для «{option}» ({side})",
    },
    "b_tornado_run": {"en": "Compute tornado", "ru": "Построить торнадо"},
    "b_tornado_hint": {
        "en": "Each ranged input at its P10 and P90, the others at base, the same random "
        "numbers. Takes a few seconds.",
        "ru": "Каждый входной параметр-диапазон на своих P10 и P90, остальные на базовых "
        "значениях, те же случайные числа. Занимает несколько секунд.",
    },
    "b_tornado_done": {
        "en": "{evaluations} evaluations in {seconds} s: {simulations} simulated, {reused} "
        "reused cached incidents ({trials} trials each).",
        "ru": "{evaluations} расчётов за {seconds} с: {simulations} с моделированием, {reused} "
        "по сохранённым инцидентам ({trials} испытаний в каждом).",
    },
    "b_no_ranges": {
        "en": "This scenario has no ranged inputs: write an input as {low = a, high = b} to "
        "see what drives the answer.",
        "ru": "В сценарии нет параметров-диапазонов: задайте параметр как {low = a, high = b}, "
        "чтобы увидеть, что определяет результат.",
    },
    "b_sobol_heading": {"en": "Sobol indices", "ru": "Индексы Соболя"},
    "b_sobol_run": {"en": "Compute Sobol indices", "ru": "Рассчитать индексы Соболя"},
    "b_sobol_hint": {
        "en": "Which inputs' uncertainty the expected NPV's variance comes from, alone (S1) "
        "and with interactions (ST). {base} base samples × (2·inputs + 2) evaluations of "
        "{trials} trials: from seconds to a few minutes.",
        "ru": "Из неопределённости каких параметров складывается дисперсия ожидаемой NPV: "
        "по отдельности (S1) и с взаимодействиями (ST). {base} базовых точек × (2·параметров "
        "+ 2) расчётов по {trials} испытаний: от секунд до нескольких минут.",
    },
    "b_sobol_running": {
        "en": "Running Sobol ({evaluations} evaluations)…",
        "ru": "Расчёт Соболя ({evaluations} расчётов)…",
    },
    "b_sobol_finished": {"en": "Done", "ru": "Готово"},
    "b_sobol_done": {
        "en": "{evaluations} evaluations in {seconds} s ({base} base samples, {trials} trials "
        "each). S1 and ST are estimates: small or slightly negative values mean “about zero”.",
        "ru": "{evaluations} расчётов за {seconds} с ({base} базовых точек, {trials} испытаний в "
        "каждом). S1 и ST — оценки: малые или слегка отрицательные значения означают «около "
        "нуля».",
    },
    "b_sobol_title": {
        "en": "Sobol indices of {option} ({side}): share of the NPV variance",
        "ru": "Индексы Соболя для «{option}» ({side}): доля дисперсии NPV",
    },
    "sobol_title": {
        "en": "Sobol indices: share of the expected NPV's variance per input",
        "ru": "Индексы Соболя: доля дисперсии ожидаемой NPV по параметрам",
    },
    "sobol_first": {
        "en": "First order (S1): the input alone",
        "ru": "Первого порядка (S1): параметр сам по себе",
    },
    "sobol_total": {
        "en": "Total (ST): with its interactions",
        "ru": "Полный (ST): с взаимодействиями",
    },
    "sobol_x": {"en": "Share of variance", "ru": "Доля дисперсии"},
    "b_no_staged": {
        "en": "No staged strategy: add [business_case.staged] with a support and an "
        "outsourcing option.",
        "ru": "Нет поэтапной стратегии: добавьте [business_case.staged] с вариантами "
        "поддержки и аутсорсинга.",
    },
    "b_portfolio_title": {
        "en": "Portfolio of whole contracts (integrator)",
        "ru": "Портфель целых контрактов (интегратор)",
    },
    "b_portfolio_intro": {
        "en": "Per trial, each line (support, outsourcing) wins Binomial(prospects, win) "
        "contracts a year and loses Binomial(held, churn); each contract pays its fee, changed "
        "at renewal, and each line costs its delivery staircase at the contracts held. The NPV "
        "adds the set-up, the sales effort and the spares stock; year 0 undiscounted. "
        "{trials} trials.",
        "ru": "В каждом испытании линия (поддержка, аутсорсинг) выигрывает Binomial(предложения, "
        "вероятность) контрактов в год и теряет Binomial(действующие, отток); каждый контракт "
        "платит свою цену с изменением при продлении, а линия стоит по лестнице затрат на "
        "обслуживание при действующем числе контрактов. В NPV входят запуск, продажи и склад "
        "ЗИП; год 0 без дисконтирования. Испытаний: {trials}.",
    },
    "b_portfolio_npv": {"en": "Portfolio NPV (P50)", "ru": "NPV портфеля (P50)"},
    "b_portfolio_npv_sub": {
        "en": "P10 {p10} · P90 {p90} · P(NPV < 0) {loss}",
        "ru": "P10 {p10} · P90 {p90} · P(NPV < 0) {loss}",
    },
    "b_portfolio_held": {
        "en": "Contracts in year {year}",
        "ru": "Контрактов в году {year}",
    },
    "b_portfolio_held_sub": {
        "en": "mean {mean} · P10–P90 {p10}–{p90}",
        "ru": "в среднем {mean} · P10–P90 {p10}–{p90}",
    },
    "b_portfolio_even": {
        "en": "Portfolio breaks even (P50)",
        "ru": "Окупаемость портфеля (P50)",
    },
    "b_portfolio_even_value": {"en": "year {year}", "ru": "год {year}"},
    "b_portfolio_even_never": {
        "en": "not within {years} years",
        "ru": "не за {years} лет",
    },
    "b_portfolio_even_sub": {
        "en": "first year whose median discounted cash to date is ≥ 0",
        "ru": "первый год, когда медиана дисконтированного потока нарастающим итогом ≥ 0",
    },
    "b_portfolio_none": {
        "en": "No portfolio of whole contracts: add [business_case.portfolio.support] "
        "(contracts_at_start, prospects_per_year, win_probability, churn_probability).",
        "ru": "Нет портфеля целых контрактов: добавьте [business_case.portfolio.support] "
        "(contracts_at_start, prospects_per_year, win_probability, churn_probability).",
    },
    "portfolio_contracts_title": {
        "en": "Portfolio: contracts held by year",
        "ru": "Портфель: действующие контракты по годам",
    },
    "portfolio_mean_support": {
        "en": "Support contracts (mean)",
        "ru": "Контракты поддержки (среднее)",
    },
    "portfolio_mean_outsourcing": {
        "en": "Outsourcing contracts (mean)",
        "ru": "Контракты аутсорсинга (среднее)",
    },
    "portfolio_total": {
        "en": "All contracts: P50, P10–P90",
        "ru": "Все контракты: P50, P10–P90",
    },
    "portfolio_npv_title": {
        "en": "Portfolio NPV to date: P10 / P50 / P90",
        "ru": "NPV портфеля нарастающим итогом: P10 / P50 / P90",
    },
    "portfolio_npv_y": {
        "en": "Discounted cash to date, {currency}",
        "ru": "Дисконтированный поток нарастающим итогом, {currency}",
    },
    "b_no_options": {
        "en": "This scenario offers no option besides the baseline.",
        "ru": "В сценарии нет вариантов, кроме базового.",
    },
    "b_finance_title": {"en": "What if…", "ru": "Что если…"},
    "f_discount_rate": {"en": "Discount rate", "ru": "Ставка дисконтирования"},
    "f_cost_inflation": {"en": "Cost inflation", "ru": "Инфляция затрат"},
    "u_rate_year": {"en": "per year, 0.10 = 10%", "ru": "в год, 0,10 = 10%"},
    "cumulative_title": {
        "en": "Cumulative net cash (expected) and break-even",
        "ru": "Накопленный чистый денежный поток (ожидаемый) и точка безубыточности",
    },
    "cumulative_y": {
        "en": "Cumulative net cash, {currency}",
        "ru": "Накопленный поток, {currency}",
    },
    "break_even": {"en": "Break-even", "ru": "Безубыточность"},
    "npv_title": {"en": "NPV distribution per option", "ru": "Распределение NPV по вариантам"},
    "prob_negative": {"en": "P(NPV<0)", "ru": "P(NPV<0)"},
    "percentile_note": {
        "en": "P10 / P50 / P90 = 10th / 50th / 90th percentile across trials",
        "ru": "P10 / P50 / P90 = 10-й / 50-й / 90-й перцентили по испытаниям",
    },
    "fan_title": {
        "en": "Cumulative net cash by year: P10 / P50 / P90",
        "ru": "Накопленный поток по годам: P10 / P50 / P90",
    },
    "fan_band": {"en": "P10–P90", "ru": "P10–P90"},
    "staged_title": {
        "en": "Staged strategy: support for k years, then outsourcing",
        "ru": "Поэтапная стратегия: поддержка k лет, затем аутсорсинг",
    },
    "staged_x": {"en": "Switch year k", "ru": "Год перехода k"},
    "staged_npv": {"en": "Expected integrator NPV", "ru": "Ожидаемая NPV интегратора"},
    "staged_client": {"en": "Expected client NPV", "ru": "Ожидаемая NPV клиента"},
    "best": {"en": "Best", "ru": "Лучший"},
    "tornado_title": {
        "en": "Tornado: expected NPV with each input at its P10 and P90",
        "ru": "Торнадо: ожидаемая NPV при каждом параметре на P10 и P90",
    },
    "tornado_low": {"en": "Input at P10", "ru": "Параметр на P10"},
    "tornado_high": {"en": "Input at P90", "ru": "Параметр на P90"},
    "base": {"en": "Base", "ru": "База"},
    # -- weekly loss profile (dashapp/profile_editor.py) --
    "profile_title": {"en": "Weekly loss profile", "ru": "Недельный профиль потерь"},
    "profile_help": {
        "en": "Each cell is the loss rate of that hour as a share of the peak hour (1 = peak, "
        "0 = an outage then costs nothing). Pick a preset or type into the grid: every page "
        "uses it at once.",
        "ru": "Каждая ячейка — ставка потерь в этот час как доля пикового часа (1 = пик, "
        "0 = простой в этот час ничего не стоит). Выберите шаблон или введите значения: "
        "все страницы сразу считают по ним.",
    },
    "profile_presets": {"en": "Presets:", "ru": "Шаблоны:"},
    "profile_preset_flat": {"en": "24x7 flat", "ru": "24x7 равномерно"},
    "profile_preset_office": {"en": "Office Mon–Fri 08–18", "ru": "Офис пн–пт 08–18"},
    "profile_preset_retail": {"en": "Retail 7 days 09–21", "ru": "Торговля 7 дней 09–21"},
    "profile_preset_shifts": {"en": "Two shifts Mon–Sat 06–22", "ru": "Две смены пн–сб 06–22"},
    "profile_preset_file": {"en": "As in the file", "ru": "Как в файле"},
    "profile_day": {"en": "Day", "ru": "День"},
    "profile_summary": {
        "en": "{hours} full-loss hours a week of 168; peak share {peak}",
        "ru": "{hours} ч полных потерь в неделю из 168; пиковая доля {peak}",
    },
    "profile_not_applied": {
        "en": "The grid has bad cells; nothing was applied:",
        "ru": "В таблице есть ошибки; ничего не применено:",
    },
    "profile_bad_cell": {
        "en": "{day} {hour}:00 = “{value}”: {rule}",
        "ru": "{day} {hour}:00 = «{value}»: {rule}",
    },
    "profile_more": {"en": "… and {n} more", "ru": "… и ещё {n}"},
    "profile_bad_shape": {
        "en": "the grid must have 7 rows of 24 hours",
        "ru": "в таблице должно быть 7 строк по 24 часа",
    },
    "timing_note": {
        "en": "Year 0 = initial investment, undiscounted; year t discounted by (1 + r)^t",
        "ru": "Год 0 — начальные вложения без дисконтирования; год t дисконтируется на (1 + r)^t",
    },
    # --- sites editor (dashapp/sites_editor.py) ---------------------------------------------
    "sites_title": {"en": "Sites", "ru": "Площадки"},
    "sites_help": {
        "en": "Where incidents happen and what each site holds; delivery designs send "
        "engineers and spares from their bases to these positions. A blank device cell: the "
        "site holds none of the class listed; a blank share: the site states none. The table "
        "applies when all of it is valid.",
        "ru": "Где происходят инциденты и что установлено на каждой площадке; схемы "
        "обслуживания отправляют инженеров и ЗИП с баз к этим точкам. Пустая ячейка "
        "устройств: класс на площадке не указан; пустая доля: площадка её не задаёт. Таблица "
        "применяется, когда вся она верна.",
    },
    "sites_none": {
        "en": "No sites: the scenario is one site that holds everything. Add sites to place "
        "bases and spares relative to them.",
        "ru": "Площадок нет: сценарий — одна площадка, на которой всё. Добавьте площадки, чтобы "
        "размещать базы и ЗИП относительно них.",
    },
    "sites_add": {"en": "Add a site", "ru": "Добавить площадку"},
    "sites_new_name": {"en": "Site {n}", "ru": "Площадка {n}"},
    "sites_devices": {"en": "Devices, units", "ru": "Устройства, шт."},
    "sites_shares": {
        "en": "Share of incidents not from the inventory (0–1)",
        "ru": "Доля инцидентов вне перечня оборудования (0–1)",
    },
    "sites_site": {"en": "Site", "ru": "Площадка"},
    "sites_fix": {
        "en": "The sites are not applied until these are fixed:",
        "ru": "Площадки не применены, пока не исправлено:",
    },
    "sites_problem": {
        "en": "{site} — {field} = {value}: {rule}",
        "ru": "{site} — {field} = {value}: {rule}",
    },
    "sites_all": {"en": "all sites", "ru": "все площадки"},
    "sites_empty": {"en": "(empty)", "ru": "(пусто)"},
    "sites_rule_number": {"en": "a number is required", "ru": "нужно число"},
    "sites_rule_name": {"en": "a site needs a name", "ru": "у площадки должно быть название"},
    "sites_rule_unique": {
        "en": "another site has this name: names must be unique",
        "ru": "это название уже у другой площадки: названия должны быть разными",
    },
    "sites_rule_negative": {"en": "must be >= 0", "ru": "должно быть не меньше 0"},
    "sites_rule_units": {
        "en": "the sites hold {held} units; the inventory has {units}: place every unit",
        "ru": "на площадках {held} шт., в перечне оборудования {units}: разместите все",
    },
    "sites_rule_shares": {
        "en": "the sites' shares add up to {total}: they must add up to 1",
        "ru": "доли площадок в сумме {total}: сумма должна быть 1",
    },
    "sites_rule_position": {
        "en": "give both latitude and longitude (or travel times from the bases)",
        "ru": "укажите и широту, и долготу (или время в пути от баз)",
    },
    "sites_rule_removed": {
        "en": "the site is removed, but {where} refers to it",
        "ru": "площадка удалена, но на неё ссылается {where}",
    },
    "sites_rule_missing": {
        "en": "no such site, but {where} refers to it",
        "ru": "такой площадки нет, но на неё ссылается {where}",
    },
    "sites_rule_travel": {
        "en": "no way to compute travel from {sender}: give the site a position",
        "ru": "не рассчитать дорогу от {sender}: укажите координаты площадки",
    },
}

_RULES_RU: tuple[tuple[str, str], ...] = (
    (r"^Input should be greater than or equal to (.+)$", r"должно быть не меньше \1"),
    (r"^Input should be less than or equal to (.+)$", r"должно быть не больше \1"),
    (r"^Input should be greater than (.+)$", r"должно быть больше \1"),
    (r"^Input should be less than (.+)$", r"должно быть меньше \1"),
    (r"^Input should be a valid integer.*$", "нужно целое число"),
    (r"^Input should be a valid number.*$", "нужно число"),
    (r"^Input should be a finite number.*$", "нужно конечное число"),
    (r"^Field required$", "обязательное поле"),
    (
        r"^p90_hours \((.+)\) must be >= median_hours \((.+)\)$",
        r"P90 (\1) должен быть не меньше медианы (\2)",
    ),
    (
        r"^median_hours is 0 but p90_hours is not.*$",
        "медиана 0, а P90 нет: укажите 0 в обоих полях",
    ),
)

_CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "RUB": "₽"}


def normalise_lang(lang: str | None) -> str:
    """``lang`` if supported, else English."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The text of ``key`` in ``lang`` with ``values`` filled in.

    >>> t("nav_losses", "ru")
    'Потери клиента'
    >>> t("roi_months", "en", m="7.5")
    '7.5 months'
    """
    entry = TEXT.get(key)
    if entry is None:
        return key
    text = entry.get(normalise_lang(lang)) or entry["en"]
    return text.format(**values) if values else text


def translate_rule(rule: str, lang: str | None) -> str:
    """A pydantic rule message in ``lang`` (Russian for the common rules; else as is)."""
    if normalise_lang(lang) != "ru":
        return rule
    for pattern, replacement in _RULES_RU:
        if re.match(pattern, rule):
            return re.sub(pattern, replacement, rule)
    return rule


def plotly_separators(lang: str | None) -> str:
    """Plotly's ``layout.separators``: decimal mark then thousands separator."""
    return "," + NBSP if normalise_lang(lang) == "ru" else ".,"


def format_number(value: float, lang: str | None, decimals: int = 0) -> str:
    """A number with the language's separators.

    >>> format_number(1234567.891, "en", 1)
    '1,234,567.9'
    >>> format_number(1234567.891, "ru", 1) == "1\\u00a0234\\u00a0567,9"
    True
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "∞" if value == math.inf else "–"
    text = f"{value:,.{decimals}f}"
    if normalise_lang(lang) == "ru":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def format_percent(value: float, lang: str | None, decimals: int = 0) -> str:
    """A share as a percentage: ``0.1234`` → ``12.3%`` / ``12,3 %``."""
    text = format_number(value * 100.0, lang, decimals)
    return text + (NBSP + "%" if normalise_lang(lang) == "ru" else "%")


def format_money(value: float, currency: str, lang: str | None, compact: bool = False) -> str:
    """Money in the scenario's currency, full or compact (k / M).

    >>> format_money(1234567, "EUR", "en")
    '€1,234,567'
    >>> format_money(1234567, "EUR", "en", compact=True)
    '€1.23M'
    >>> format_money(-45600, "USD", "ru", compact=True) == "−45,6\\u00a0тыс.\\u00a0$"
    True
    """
    lang = normalise_lang(lang)
    if value is None or not math.isfinite(value):
        return "–"
    sign = "−" if value < 0 else ""
    amount = abs(value)
    if compact and amount >= 999_500:
        number, suffix = format_number(amount / 1e6, lang, 2), ("M" if lang == "en" else "млн")
    elif compact and amount >= 10_000:
        number, suffix = format_number(amount / 1e3, lang, 1), ("k" if lang == "en" else "тыс.")
    else:
        number, suffix = format_number(amount, lang, 0), ""
    symbol = _CURRENCY_SYMBOLS.get(currency)
    if lang == "ru":
        parts = [number] + ([suffix] if suffix else []) + [symbol or currency]
        return sign + NBSP.join(parts)
    if symbol:
        return f"{sign}{symbol}{number}{suffix}"
    return f"{sign}{currency}{NBSP}{number}{suffix}"


DESIGN_CHART_KEYS = (
    "design_title",
    "design_candidates",
    "design_frontier",
    "design_chosen",
    "design_filed",
    "design_target",
    "design_cost",
    "design_attainment",
)
DELIVERY_CHART_KEYS = (
    "fte_title",
    "headcount",
    "desk_title",
    "agents",
    "hour",
    "frontier_title",
    "frontier",
    "chosen",
    "capital",
    "backorders",
    "sla_title",
    "attainment",
    "attainment_capacity",
    "credits_title",
    "credits",
    "scaling_title",
    "cost_per_contract",
    "contracts",
    "role_first_line_engineer",
    "role_service_desk_agent",
    "role_second_line_expert",
    "role_service_manager",
    "day_mon",
    "day_tue",
    "day_wed",
    "day_thu",
    "day_fri",
    "day_sat",
    "day_sun",
    "rota_title",
    "week",
    "phone",
    "off",
)
BUSINESS_CHART_KEYS = (
    "portfolio_contracts_title",
    "portfolio_mean_support",
    "portfolio_mean_outsourcing",
    "portfolio_total",
    "portfolio_npv_title",
    "cumulative_title",
    "year",
    "break_even",
    "npv_title",
    "prob_negative",
    "percentile_note",
    "fan_title",
    "fan_band",
    "staged_title",
    "staged_x",
    "staged_npv",
    "staged_client",
    "best",
    "tornado_title",
    "tornado_low",
    "tornado_high",
    "base",
    "timing_note",
    "sobol_title",
    "sobol_first",
    "sobol_total",
    "sobol_x",
)


def chart_text(lang: str | None, currency: str) -> dict[str, str]:
    """The texts the figure builders of :mod:`bizcase.output.charts` take, in ``lang``."""
    keys = (
        "p90_note",
        "lec_title",
        "lec_y",
        "stages_title",
        "stages_y",
        "priority_title",
        "total_cost_title",
        "fee",
        "loss_expected",
        "loss_p90_extra",
    )
    out = {k: t(k, lang) for k in keys}
    out["lec_x"] = t("lec_x", lang, currency=currency)
    out["money_y"] = t("money_y", lang, currency=currency)
    for stage in REPORT_STAGES:
        out[f"stage_{stage}"] = t(f"stage_{stage}", lang)
    for p in PRIORITIES:
        out[f"priority_{p}"] = t(f"priority_{p}", lang)
    for key in DELIVERY_CHART_KEYS + BUSINESS_CHART_KEYS:
        out[key] = t(key, lang)
    for key in DESIGN_CHART_KEYS:
        out[key] = t(key, lang)
    out["cumulative_y"] = t("cumulative_y", lang, currency=currency)
    out["npv_y"] = t("npv_y", lang, currency=currency)
    out["portfolio_npv_y"] = t("portfolio_npv_y", lang, currency=currency)
    out["separators"] = plotly_separators(lang)
    return out
