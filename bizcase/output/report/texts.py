"""Every text of the reports in English and Russian, and number formatting per language.

The texts the app shows as well (priorities, stages, roles, chart labels, cash-flow lines, the
context cards) are defined once in :mod:`bizcase.output.text`; :data:`TEXT` adds the reports' own.

``t(key, lang, **values)`` looks a text up and fills ``{placeholders}``.  Russian follows the
article's terms: ЗИП for the spare-parts stock (in Russian; "spare parts" in English);
критические / крупные / незначительные / технические инциденты for the four priorities; 24*7*4.  Numbers: English ``1,234,567.8``;
Russian ``1 234 567,8`` (no-break space as thousands separator, decimal comma).
"""

from __future__ import annotations

import math

import numpy as np

from bizcase.model import Profile
from bizcase.model.errors import InputError
from bizcase.output.text import CONTEXT_CARDS as CONTEXT_CARDS  # re-exported for the renderers
from bizcase.output.text import LINE_LABELS as LINE_LABELS
from bizcase.output.text import SHARED_TEXT

LANGUAGES: tuple[str, ...] = ("en", "ru")
NBSP = "\u00a0"
CURRENCY_SYMBOLS: dict[str, str] = {"EUR": "€", "USD": "$", "GBP": "£", "RUB": "₽"}

TEXT: dict[str, dict[str, str]] = {
    **SHARED_TEXT,
    # --- titles and the reproducibility block ----------------------------------------------
    "client_title": {
        "en": "What downtime costs {client}, and what a support contract saves",
        "ru": "Во что обходится простой для «{client}» и что экономит контракт поддержки",
    },
    "management_title": {
        "en": "Management pack: {scenario}",
        "ru": "Пакет для руководства: {scenario}",
    },
    "meta_title": {"en": "How these numbers were made", "ru": "Как получены эти числа"},
    "meta_scenario": {"en": "Scenario", "ru": "Сценарий"},
    "meta_client": {"en": "Client", "ru": "Клиент"},
    "meta_hash": {"en": "Input hash (SHA-256)", "ru": "Хеш исходных данных (SHA-256)"},
    "meta_seed": {"en": "Seed", "ru": "Seed (начальное значение)"},
    "meta_trials": {"en": "Trials", "ru": "Число испытаний"},
    "meta_trials_value": {
        "en": "{losses} simulated years (losses); {case} business-case trials × {years} years; "
        "{delivery} simulated years (delivery); {tornado} trials per tornado point",
        "ru": "{losses} модельных лет (потери); {case} испытаний бизнес-кейса × {years} лет; "
        "{delivery} модельных лет (сервис); {tornado} испытаний на точку торнадо",
    },
    "meta_version": {"en": "bizcase version", "ru": "Версия bizcase"},
    "meta_date": {"en": "Date", "ru": "Дата"},
    "meta_currency": {"en": "Currency", "ru": "Валюта"},
    "meta_language": {"en": "Language", "ru": "Язык"},
    "meta_kind": {"en": "Report", "ru": "Отчёт"},
    "meta_reproduce": {
        "en": "Same scenario file, seed and trial counts give the same numbers: {command}",
        "ru": "Тот же файл сценария, seed и число испытаний дают те же числа: {command}",
    },
    "p90_note": {
        "en": "P90 = the 90th percentile of the annual loss: 9 years in 10 lose less.",
        "ru": "P90 = 90-й перцентиль потерь за год: в 9 годах из 10 потери меньше.",
    },
    "timing_note": {
        "en": "Year 0 = initial investment, undiscounted; year t discounted by (1 + r)^t, "
        "r = {rate}.",
        "ru": "Год 0 = первоначальные вложения, без дисконтирования; год t дисконтируется "
        "на (1 + r)^t, r = {rate}.",
    },
    "draft": {"en": "Draft for discussion", "ru": "Проект для обсуждения"},
    # --- client: the executive summary (page 1) ---------------------------------------------
    "exec_title": {"en": "Summary", "ru": "Кратко"},
    "exec_prepared": {
        "en": "Prepared for {client}, {date}",
        "ru": "Подготовлено для «{client}», {date}",
    },
    "exec_lead": {
        "en": "An hour of network outage costs {client} about {peak} at the busiest time of the "
        "week and {average} on average. With today's set-up, {baseline}, that adds up to an "
        "expected {expected} a year; in a bad year, one in ten, {bad} or more.",
        "ru": "Час простоя сети обходится клиенту «{client}» примерно в {peak} в самое загруженное время "
        "недели и в {average} в среднем. При нынешней организации («{baseline}») это в среднем "
        "{expected} в год, а в плохой год — раз в десять лет — {bad} и больше.",
    },
    "exec_hour": {"en": "One hour of outage costs", "ru": "Час простоя стоит"},
    "exec_hour_value": {
        "en": "at peak; {average} on average over the year",
        "ru": "в пик; {average} в среднем за год",
    },
    "exec_today": {
        "en": "Expected loss a year, today",
        "ru": "Ожидаемые потери за год сегодня",
    },
    "exec_bad_year": {
        "en": "A bad year (1 in 10, P90)",
        "ru": "Плохой год (раз в 10 лет, P90)",
    },
    "exec_recommended": {"en": "Recommended contract", "ru": "Рекомендуемый контракт"},
    "exec_best": {
        "en": "Closest to paying for itself",
        "ru": "Ближе всех к окупаемости",
    },
    "exec_fee": {"en": "Its annual fee", "ru": "Его плата за год"},
    "exec_saving": {
        "en": "The client's saving a year (loss avoided − fee)",
        "ru": "Экономия клиента за год (предотвращённые потери − плата)",
    },
    "exec_saving_value": {
        "en": "{avoided} avoided − {fee} fee",
        "ru": "{avoided} предотвращено − {fee} плата",
    },
    "exec_saving_staff": {
        "en": "The client's saving a year (loss avoided + own staff saved − fee)",
        "ru": "Экономия клиента за год (предотвращённые потери + свой персонал − плата)",
    },
    "exec_saving_staff_value": {
        "en": "{avoided} avoided + {staff} own staff − {fee} fee",
        "ru": "{avoided} предотвращено + {staff} свой персонал − {fee} плата",
    },
    "exec_fee_hours": {
        "en": "Hours of outage a year that pay the fee",
        "ru": "Часов простоя в год, окупающих плату",
    },
    "exec_fee_hours_value": {"en": "{h} h", "ru": "{h} ч"},
    "exec_fee_hours_today": {
        "en": "fee ÷ cost of an average hour. It pays for itself once today's outage reaches "
        "{be} h of full outage a year; the model puts today at {today} h.",
        "ru": "плата ÷ стоимость среднего часа. Контракт окупается, если сегодняшний простой "
        "достигает {be} ч полного отказа в год; по модели сегодня — {today} ч.",
    },
    "exec_rule": {
        "en": "How it is chosen: of the contracts offered, the one that leaves the client the "
        "most money over {years} years — the highest net present value of losses avoided and own "
        "staff saved, minus fees and one-off costs, discounted at {rate} a year — provided that "
        "value is positive.",
        "ru": "Как выбран: из предложенных контрактов — тот, что оставляет клиенту больше всего "
        "денег за {years} лет: наибольшая приведённая стоимость предотвращённых потерь и "
        "экономии на своём персонале за вычетом платы и разовых затрат при ставке {rate} в год — "
        "если она положительна.",
    },
    "exec_verdict": {
        "en": "{label} for {fee} a year: over {years} years it is worth {npv} to the client in "
        "today's money (ROI {roi}; payback: {payback}).",
        "ru": "{label} за {fee} в год: за {years} лет он приносит клиенту {npv} в сегодняшних "
        "деньгах (ROI {roi}; окупаемость: {payback}).",
    },
    "exec_other_flows": {
        "en": "With the first year's one-off costs, the net saving in the first year is {net}.",
        "ru": "С учётом разовых затрат первого года чистая экономия первого года — {net}.",
    },
    "exec_none_pays": {
        "en": "At these figures no contract offered pays for itself: the losses each avoids are "
        "worth less than its fee. The closest is {label} ({fee} a year; {npv} over {years} years "
        "in today's money). A lower fee, or losses larger than assumed here, would change this.",
        "ru": "При этих данных ни один из предложенных контрактов не окупается: предотвращённые "
        "им потери меньше платы. Ближе всех — «{label}» ({fee} в год; {npv} за {years} лет в "
        "сегодняшних деньгах). Это изменят более низкая плата или потери больше заложенных.",
    },
    "exec_no_options": {
        "en": "The scenario offers no contract besides today's set-up.",
        "ru": "В сценарии нет контрактов, кроме нынешней организации.",
    },
    "exec_footnote": {
        "en": "Expected values over {years} simulated years of incidents; the same incidents hit "
        "every option. The pages that follow show how each figure is made; the appendices hold "
        "the draft service levels, the simulation's error and how to reproduce this report.",
        "ru": "Ожидаемые значения по {years} модельным годам инцидентов; все варианты проходят "
        "одни и те же инциденты. На следующих страницах — как получено каждое число; в "
        "приложениях — проект уровней сервиса, погрешность моделирования и как воспроизвести "
        "этот отчёт.",
    },
    "exec_chart_title": {
        "en": "What each option costs the client a year: fee + expected loss",
        "ru": "Во что каждый вариант обходится клиенту за год: плата + ожидаемые потери",
    },
    # --- client: body and appendices ----------------------------------------------------------
    "sec_about": {"en": "The client and the options", "ru": "Клиент и варианты"},
    "sec_priority": {"en": "Losses by priority", "ru": "Потери по приоритетам"},
    "priority_explain": {
        "en": "Expected annual hard loss by the priority of the incident that caused it.",
        "ru": "Ожидаемые прямые потери за год по приоритету вызвавшего их инцидента.",
    },
    "col_description": {"en": "What it is", "ru": "Что это"},
    "col_critical_restore": {
        "en": "Critical restored within",
        "ru": "Критические восстанавливаются за",
    },
    "se_footnote": {
        "en": "Expected values are means over {trials} simulated years; their Monte Carlo "
        "error is in Appendix B.",
        "ru": "Ожидаемые значения — средние по {trials} модельным годам; их погрешность "
        "Монте-Карло — в приложении Б.",
    },
    "sec_error": {
        "en": "Appendix B: the simulation's error",
        "ru": "Приложение Б: погрешность моделирования",
    },
    "error_explain": {
        "en": "Each expected annual loss is the mean over {trials} simulated years; its standard "
        "error is the standard deviation of a year's loss / √{trials}, and the true mean lies "
        "within ±1.96 standard errors of it 19 times in 20. Differences between options are "
        "more precise still: the same incidents hit every option.",
        "ru": "Каждые ожидаемые потери за год — среднее по {trials} модельным годам; его "
        "стандартная ошибка — стандартное отклонение потерь года / √{trials}, и истинное среднее "
        "лежит в пределах ±1,96 стандартной ошибки в 19 случаях из 20. Разница между вариантами "
        "ещё точнее: все варианты проходят одни и те же инциденты.",
    },
    "col_ci95": {"en": "±1.96 s.e., share of the mean", "ru": "±1,96 ст. ошибки, доля среднего"},
    "error_npv": {
        "en": "The client's expected NPV comes from {trials} business-case trials; the standard "
        "error of that mean: {errors}.",
        "ru": "Ожидаемый NPV клиента получен по {trials} испытаниям бизнес-кейса; стандартная "
        "ошибка этого среднего: {errors}.",
    },
    "sec_provenance": {
        "en": "Appendix C: how to reproduce this report",
        "ru": "Приложение В: как воспроизвести этот отчёт",
    },
    "provenance_explain": {
        "en": "The same scenario file, seed and trial counts give the same numbers, to the cent.",
        "ru": "Тот же файл сценария, seed и число испытаний дают в точности те же числа.",
    },
    "meta_command": {"en": "Command", "ru": "Команда"},
    # --- client: cost of an hour and annual losses -------------------------------------------
    "sec_hour": {"en": "The cost of one hour of downtime", "ru": "Стоимость часа простоя"},
    "hour_peak": {
        "en": "One hour of full outage at peak (hard loss)",
        "ru": "Час полного простоя в пик (прямые потери)",
    },
    "hour_avg": {
        "en": "One hour, average over the year (hard loss)",
        "ru": "Час простоя, в среднем за год (прямые потери)",
    },
    "hour_explain": {
        "en": "Hard loss of an hour of full outage at peak; the average follows the client's "
        "loss profile over the year, planned maintenance hours at zero.",
        "ru": "Прямые потери часа полного простоя в пик; среднее учитывает профиль потерь "
        "клиента за год, часы плановых работ — с нулевыми потерями.",
    },
    "hour_hard_and_soft": {
        "en": "Hard + soft, at peak",
        "ru": "Прямые + косвенные, в пик",
    },
    "sec_losses": {
        "en": "Annual loss today and with each contract",
        "ru": "Потери за год сегодня и с каждым контрактом",
    },
    "col_option_id": {"en": "Option id", "ru": "Код варианта"},
    "col_se": {"en": "± s.e.", "ru": "± ст. ошибка"},
    "col_p50": {"en": "P50", "ru": "P50"},
    "col_p99": {"en": "P99", "ru": "P99"},
    "col_downtime": {"en": "Downtime h/year", "ru": "Простой, ч/год"},
    "col_nines": {"en": "Nines", "ru": "Девятки"},
    "col_incidents": {"en": "Incidents/year", "ru": "Инцидентов в год"},
    "col_reputational": {
        "en": "Reputational loss/year (assumption, part of the soft loss)",
        "ru": "Репутационные потери/год (допущение, часть косвенных)",
    },
    "col_soft": {"en": "Soft loss/year", "ru": "Косвенные потери/год"},
    "col_hard_and_soft": {"en": "Hard + soft/year", "ru": "Прямые + косвенные/год"},
    "col_p90_hard_and_soft": {
        "en": "Hard + soft, P90",
        "ru": "Прямые + косвенные, P90",
    },
    "losses_explain": {
        "en": "Downtime is derived from incident rates by priority and from how each option "
        "detects, responds, travels, finds a spare part, escalates and repairs, on the clock it "
        "actually works. The same simulated incidents hit every option.",
        "ru": "Простой выводится из частоты инцидентов по приоритетам и из того, как каждый "
        "вариант обнаруживает, реагирует, выезжает, находит запчасть, эскалирует и ремонтирует — "
        "в те часы, когда он действительно работает. Все варианты проходят одни и те же "
        "смоделированные инциденты.",
    },
    "sec_lec": {"en": "How bad can a year get?", "ru": "Насколько плохим может быть год?"},
    "sec_hours": {"en": "Where the hours go", "ru": "Куда уходят часы"},
    "hours_explain": {
        "en": "Impact-weighted outage hours per year by stage of the restoration pipeline "
        "(an hour of an incident with impact 0.35 counts as 0.35 h of full outage).",
        "ru": "Часы простоя в год по этапам восстановления, взвешенные по ущербу "
        "(час инцидента с долей ущерба 0,35 считается как 0,35 ч полного отказа).",
    },
    "sec_roi": {
        "en": "The client's return on each contract",
        "ru": "Отдача каждого контракта для клиента",
    },
    "roi_explain": {
        "en": "Over {years} years against today ({baseline}): losses avoided and own staff saved, "
        "minus the fee and one-off costs, at the scenario's base values (the same figures as "
        "bizcase run and the app).",
        "ru": "За {years} лет по сравнению с сегодняшним днём ({baseline}): предотвращённые "
        "потери и сэкономленный собственный персонал минус плата и разовые затраты, при базовых "
        "значениях сценария (те же числа, что в bizcase run и в приложении).",
    },
    "npv_spread_explain": {
        "en": "How sure is it: the client's NPV across {trials} trials of the joint Monte Carlo "
        "over every uncertain input (P10 / P50 / P90, and the chance it is negative).",
        "ru": "Насколько это надёжно: NPV клиента по {trials} испытаниям совместного "
        "Монте-Карло по всем неопределённым данным (P10 / P50 / P90 и вероятность, что он "
        "отрицателен).",
    },
    "col_avoided": {"en": "Loss avoided/year", "ru": "Предотвращено потерь/год"},
    "col_npv_mean": {"en": "Expected NPV", "ru": "Ожидаемый NPV"},
    "col_npv_p10": {"en": "NPV P10", "ru": "NPV P10"},
    "col_npv_p50": {"en": "NPV P50", "ru": "NPV P50"},
    "col_npv_p90": {"en": "NPV P90", "ru": "NPV P90"},
    "col_payback": {"en": "Payback", "ru": "Окупаемость"},
    "col_irr": {"en": "IRR", "ru": "IRR"},
    "col_price_floor": {
        "en": "Price floor at {margin} margin",
        "ru": "Минимальная цена при марже {margin}",
    },
    # --- the SLA annex ------------------------------------------------------------------------
    "sec_annex": {
        "en": "Appendix A (draft): service levels of the support contract",
        "ru": "Приложение А (проект): уровни сервиса по договору поддержки",
    },
    "annex_intro": {
        "en": "Draft contract appendix, for discussion; the figures are those the calculation "
        "above assumes for each option. Priorities: critical — the service is down; major — a "
        "significant part of it is down or degraded; minor — limited impact, a workaround "
        "exists; technical — no service impact (a redundant component, a request, a question).",
        "ru": "Проект приложения к договору, для обсуждения; значения — те, что заложены в расчёт "
        "для каждого варианта. Приоритеты: критические инциденты — сервис остановлен; крупные "
        "инциденты — значительная часть сервиса недоступна или деградировала; незначительные "
        "инциденты — ограниченное влияние, есть обходной путь; технические инциденты — без "
        "влияния на сервис (резервный компонент, запрос, вопрос).",
    },
    "annex_option": {"en": "A.{n}. {label}", "ru": "А.{n}. {label}"},
    "annex_fee": {"en": "Annual fee: {fee}.", "ru": "Плата за год: {fee}."},
    "annex_coverage": {"en": "Coverage window: {window}.", "ru": "Окно поддержки: {window}."},
    "annex_clock": {"en": "SLA clock: {clock}.", "ru": "Часы SLA: {clock}."},
    "annex_clock_priority": {"en": "{priorities} — {clock}", "ru": "{priorities} — {clock}"},
    "clock_24x7": {
        "en": "around the clock (24x7): targets run on calendar hours",
        "ru": "круглосуточно (24*7): сроки считаются в календарных часах",
    },
    "clock_coverage": {
        "en": "business hours: only the hours of the integrator's coverage window count",
        "ru": "рабочие часы: считаются только часы окна поддержки интегратора",
    },
    "clock_next_business_day": {
        "en": "next business day: the clock starts when the coverage window opens on the next "
        "business day and counts its hours",
        "ru": "следующий рабочий день: отсчёт начинается с открытия окна поддержки в следующий "
        "рабочий день и идёт в его часах",
    },
    "annex_start_registration": {
        "en": "Both response and restoration are timed from the registration of the case; "
        "restoration ends when the service is restored (a workaround counts).",
        "ru": "Время реакции и время восстановления отсчитываются от регистрации обращения; "
        "восстановление — это восстановление сервиса (обходное решение засчитывается).",
    },
    "annex_start_outage": {
        "en": "Both response and restoration are timed from the start of the outage; "
        "restoration ends when the service is restored (a workaround counts).",
        "ru": "Время реакции и время восстановления отсчитываются от начала простоя; "
        "восстановление — это восстановление сервиса (обходное решение засчитывается).",
    },
    "annex_excluded": {
        "en": "Incidents caused by the client, by a carrier or by force majeure (about {share} "
        "of incidents) are excluded from the SLA and its credits.",
        "ru": "Инциденты по вине заказчика, оператора связи или вследствие форс-мажора (около "
        "{share} инцидентов) исключаются из расчёта SLA и компенсаций.",
    },
    "annex_client_first_line": {
        "en": "The client's own staff work cases as first line {window}; the integrator "
        "works and answers for its coverage window only.",
        "ru": "Собственный персонал заказчика работает первой линией: {window}; интегратор "
        "работает и отвечает только в своём окне поддержки.",
    },
    "col_priority": {"en": "Priority", "ru": "Приоритет"},
    "col_window": {"en": "Coverage", "ru": "Окно поддержки"},
    "col_response_target": {"en": "Response target", "ru": "Время реакции"},
    "col_restoration_target": {"en": "Restoration target", "ru": "Время восстановления"},
    "col_credit_breach": {"en": "Service credit per breach", "ru": "Компенсация за нарушение"},
    "hours_value": {"en": "{h} h", "ru": "{h} ч"},
    "no_target": {"en": "best effort", "ru": "по возможности"},
    "no_credit": {"en": "—", "ru": "—"},
    "annex_tiers": {
        "en": "Availability credits per calendar month (the largest tier that applies): ",
        "ru": "Компенсации за доступность за календарный месяц (применяется наибольшая): ",
    },
    "annex_tier": {
        "en": "below {level}: {share} of the monthly fee",
        "ru": "ниже {level}: {share} месячной платы",
    },
    "annex_no_tiers": {
        "en": "No availability credits.",
        "ru": "Компенсаций за доступность нет.",
    },
    "annex_cap": {
        "en": "A month's credits are capped at {share} of the monthly fee ({amount}).",
        "ru": "Компенсации за месяц ограничены {share} месячной платы ({amount}).",
    },
    "annex_no_credits": {
        "en": "No service credits are written into this option.",
        "ru": "Компенсации в этом варианте не предусмотрены.",
    },
    "annex_availability": {
        "en": "Monthly availability = 1 − impact-weighted outage hours / 730 h of the incidents "
        "the SLA counts; each incident counts in the month it starts. Response = until an "
        "engineer works on the case; restoration = until the service is restored.",
        "ru": "Доступность за месяц = 1 − часы простоя, взвешенные по ущербу / 730 ч, по "
        "инцидентам, учитываемым в SLA; инцидент относится к месяцу, в котором начался. "
        "Реакция — до начала работы инженера; восстановление — до восстановления сервиса.",
    },
    "annex_none": {
        "en": "The scenario's options carry no SLA targets or service credits.",
        "ru": "В вариантах сценария нет целевых сроков SLA и компенсаций.",
    },
    "window_24x7": {"en": "24x7, around the clock", "ru": "24*7, круглосуточно"},
    "window_hours_week": {"en": "{h} h a week", "ru": "{h} ч в неделю"},
    "day_names": {"en": "Mon Tue Wed Thu Fri Sat Sun", "ru": "Пн Вт Ср Чт Пт Сб Вс"},
    # --- management ---------------------------------------------------------------------------
    "sec_decision": {
        "en": "Decision summary: NPV of each option",
        "ru": "Итог для решения: NPV каждого варианта",
    },
    "decision_explain": {
        "en": "Per contract, over {years} years, {trials} trials with every ranged input sampled "
        "(Latin hypercube) and the same incidents for every option. P10 / P50 / P90 of the NPV; "
        "P(NPV < 0) = the chance of losing money.",
        "ru": "На один контракт, за {years} лет, {trials} испытаний с выборкой всех "
        "неопределённых исходных данных (латинский гиперкуб) и одними и теми же инцидентами "
        "для всех вариантов. P10 / P50 / P90 NPV; P(NPV < 0) — вероятность убытка.",
    },
    "col_side": {"en": "Ledger", "ru": "Сторона"},
    "sec_npv_dist": {"en": "NPV distributions", "ru": "Распределения NPV"},
    "npv_dist_title": {
        "en": "Integrator NPV per contract across trials",
        "ru": "NPV интегратора на контракт по испытаниям",
    },
    "sec_cash": {"en": "Cash flows per option", "ru": "Денежные потоки по вариантам"},
    "cash_explain": {
        "en": "Expected cash flows per year; inflows positive. Lines that are zero throughout "
        "are left out here (the workbook has every line).",
        "ru": "Ожидаемые денежные потоки по годам; поступления положительны. Строки, равные "
        "нулю во все годы, здесь опущены (в книге Excel есть все строки).",
    },
    "cash_caption": {"en": "{label}: {side} ledger", "ru": "{label}: сторона «{side}»"},
    "col_initial": {"en": "Initial", "ru": "Год 0"},
    "sec_delivery": {
        "en": "Delivery: staff, on-call, service desk and spare parts",
        "ru": "Сервис: штат, дежурства, сервис-деск и ЗИП",
    },
    "delivery_none": {
        "en": "The scenario has no [delivery] section: no staffing, spares or SLA attainment.",
        "ru": "В сценарии нет раздела [delivery]: нет расчёта штата, ЗИП и выполнения SLA.",
    },
    "delivery_caption": {
        "en": "{label}: {contracts} contracts served, {model}",
        "ru": "{label}: обслуживается контрактов — {contracts}, {model}",
    },
    "model_on_call": {
        "en": "nights and weekends from an on-call rota",
        "ru": "ночи и выходные — дежурство по телефону",
    },
    "model_shifts": {"en": "staffed shifts", "ru": "сменная работа"},
    "col_role": {"en": "Role", "ru": "Роль"},
    "col_fte": {"en": "FTE", "ru": "Ставки (FTE)"},
    "col_headcount": {"en": "Headcount", "ru": "Численность"},
    "by_the_hour": {"en": "by the hour", "ru": "почасово"},
    "col_item": {"en": "Item", "ru": "Показатель"},
    "col_value": {"en": "Value", "ru": "Значение"},
    "col_cost_line": {"en": "Cost line", "ru": "Статья затрат"},
    "col_per_year": {"en": "Per year", "ru": "В год"},
    "oncall_positions": {"en": "Emergency phones carried at once", "ru": "Дежурных телефонов"},
    "oncall_roster": {"en": "On-call roster size", "ru": "Дежурных в графике"},
    "oncall_weeks": {
        "en": "Weeks on call per person per year",
        "ru": "Недель дежурства на человека в год",
    },
    "oncall_callouts": {"en": "Call-outs per year", "ru": "Вызовов в год"},
    "desk_peak": {"en": "Service-desk agents at peak", "ru": "Операторов сервис-деска в пик"},
    "desk_hours": {
        "en": "Service-desk agent hours per week",
        "ru": "Часов работы операторов в неделю",
    },
    "engineer_free": {
        "en": "Chance an engineer is free when a critical arrives",
        "ru": "Вероятность, что инженер свободен при критическом инциденте",
    },
    "spares_title": {"en": "Spare-parts stock", "ru": "ЗИП (запасные части)"},
    "col_device": {"en": "Device class", "ru": "Класс оборудования"},
    "col_stock": {"en": "Stock", "ru": "Запас, шт."},
    "col_fill_rate": {"en": "Fill rate", "ru": "Уровень обслуживания"},
    "col_capital": {"en": "Capital", "ru": "Замороженный капитал"},
    "col_holding": {"en": "holding cost/year", "ru": "стоимость хранения/год"},
    "col_mean": {"en": "Mean", "ru": "Среднее"},
    "credits_title": {
        "en": "Service credits per contract per year",
        "ru": "Компенсации на контракт в год",
    },
    "spares_total": {
        "en": "Capital frozen {capital}; holding cost {holding}/year; fill rate {fill} ({location})",
        "ru": "Заморожено {capital}; хранение {holding}/год; уровень обслуживания {fill} "
        "({location})",
    },
    "location_depot": {"en": "one depot pooled across contracts", "ru": "единый склад"},
    "location_design": {
        "en": "placed by the option's delivery design (sites and bases)",
        "ru": "размещён по схеме обслуживания варианта (объекты и базы)",
    },
    "location_site": {"en": "a stock at each client site", "ru": "запас на каждой площадке"},
    "sla_title": {
        "en": "SLA attainment and penalty exposure",
        "ru": "Выполнение SLA и риск компенсаций",
    },
    "col_target": {"en": "Restoration target", "ru": "Срок восстановления"},
    "col_attainment": {"en": "Attainment", "ru": "Выполнение"},
    "col_attainment_cap": {"en": "With staff capacity", "ru": "С учётом загрузки"},
    "col_breaches": {"en": "Breaches/year", "ru": "Нарушений в год"},
    "col_response_att": {"en": "Response attainment", "ru": "Выполнение по реакции"},
    "credits_line": {
        "en": "Service credits per contract per year: mean {mean}, P50 {p50}, P90 {p90}.",
        "ru": "Компенсации на контракт в год: среднее {mean}, P50 {p50}, P90 {p90}.",
    },
    "cost_line": {
        "en": "Cost to serve {total}/year for {contracts} contracts = {per} per contract; fee {fee}.",
        "ru": "Затраты на обслуживание {total}/год на {contracts} контрактов = {per} на контракт; "
        "плата {fee}.",
    },
    "scaling_title": {
        "en": "Cost per contract as contracts multiply",
        "ru": "Затраты на контракт при росте числа контрактов",
    },
    "scaling_x": {"en": "Contracts served", "ru": "Обслуживаемых контрактов"},
    "col_contracts": {"en": "Contracts", "ru": "Контракты"},
    "col_cost_per_contract": {"en": "Cost per contract", "ru": "Затраты на контракт"},
    "col_total_cost": {"en": "Total annual cost", "ru": "Общие затраты за год"},
    "sec_staged": {
        "en": "Staged strategy: support for k years, then outsourcing",
        "ru": "Поэтапная стратегия: k лет поддержки, затем аутсорсинг",
    },
    "staged_none": {
        "en": "The scenario names no [business_case.staged] options.",
        "ru": "В сценарии не заданы варианты [business_case.staged].",
    },
    "staged_best": {
        "en": "Best k = {k}: {support} for {k} years, then {outsourcing}.",
        "ru": "Лучшее k = {k}: {support} в течение {k} лет, затем {outsourcing}.",
    },
    "staged_title": {
        "en": "Integrator NPV by switch year k (P10–P90 whiskers)",
        "ru": "NPV интегратора по году перехода k (усы P10–P90)",
    },
    "col_k": {"en": "k (years of support)", "ru": "k (лет поддержки)"},
    "col_integrator_npv": {"en": "Integrator NPV", "ru": "NPV интегратора"},
    "col_client_npv": {"en": "Client NPV", "ru": "NPV клиента"},
    "sec_portfolio": {
        "en": "Support business: contracts, break-even and price floor",
        "ru": "Бизнес поддержки: контракты, безубыточность и минимальная цена",
    },
    "break_even": {
        "en": "Break-even number of contracts: {n} (whole contracts, a steady portfolio at the "
        "portfolio table's prices, inflation and staircase; its margin is non-negative every "
        "year).",
        "ru": "Безубыточное число контрактов: {n} (целые контракты, постоянный портфель по ценам, "
        "инфляции и лестнице затрат таблицы портфеля; маржа неотрицательна в каждом году).",
    },
    "integrator_view_note": {
        "en": "Integrator figures in this summary: {view}. The three views of one model follow "
        "in the support-business section.",
        "ru": "Показатели интегратора в этой сводке: {view}. Три представления одной модели — "
        "в разделе о бизнесе поддержки.",
    },
    "view_single": {
        "en": "this contract alone (the team one client needs)",
        "ru": "только этот контракт (команда, нужная одному клиенту)",
    },
    "view_marginal": {
        "en": "marginal on the existing business",
        "ru": "предельные затраты при существующем бизнесе",
    },
    "view_allocated": {
        "en": "fully allocated share at the planned number of contracts",
        "ru": "полностью распределённая доля при плановом числе контрактов",
    },
    "col_prob_best": {
        "en": "P(best k) across trials",
        "ru": "P(лучшее k) по испытаниям",
    },
    "col_view": {"en": "Integrator view", "ru": "Представление"},
    "col_team_contracts": {"en": "Team sized for (contracts)", "ru": "Команда на (контрактов)"},
    "col_pv_margin": {"en": "PV margin", "ru": "Маржа (PV)"},
    "break_even_none": {
        "en": "Break-even is not reached within the staircase.",
        "ru": "Безубыточность не достигается в рассмотренном диапазоне.",
    },
    "price_floor_line": {
        "en": "{label}: fee {fee}, price floor {floor} at a {margin} target margin.",
        "ru": "{label}: плата {fee}, минимальная цена {floor} при целевой марже {margin}.",
    },
    "col_revenue": {"en": "Revenue", "ru": "Выручка"},
    "col_cost_to_serve": {"en": "Cost to serve", "ru": "Затраты на обслуживание"},
    "col_sales": {"en": "Sales", "ru": "Продажи"},
    "col_margin": {"en": "Margin", "ru": "Маржа"},
    "sec_tornado": {
        "en": "What drives the answer: tornado",
        "ru": "Что определяет результат: торнадо",
    },
    "tornado_explain": {
        "en": "Expected {side} NPV of {label} with each ranged input at its P10 and P90, the others "
        "at base, the same random numbers; base {base}.",
        "ru": "Ожидаемый NPV ({side}) варианта «{label}», когда каждый неопределённый параметр "
        "принимает значения P10 и P90, остальные — базовые, случайные числа те же; база {base}.",
    },
    "tornado_none": {
        "en": "The scenario has no ranged inputs: no tornado.",
        "ru": "В сценарии нет неопределённых параметров: торнадо не строится.",
    },
    "tornado_title": {"en": "Tornado of the expected NPV", "ru": "Торнадо ожидаемого NPV"},
    "col_input": {"en": "Input", "ru": "Параметр"},
    "col_unit": {"en": "Unit", "ru": "Единица"},
    "col_input_path": {"en": "Field in the scenario file", "ru": "Поле в файле сценария"},
    "col_low_value": {"en": "Input at P10", "ru": "Параметр при P10"},
    "col_high_value": {"en": "Input at P90", "ru": "Параметр при P90"},
    "col_output_low": {"en": "NPV at P10", "ru": "NPV при P10"},
    "col_output_high": {"en": "NPV at P90", "ru": "NPV при P90"},
    "col_swing": {"en": "Swing", "ru": "Размах"},
    "tornado_low": {"en": "Input at its P10", "ru": "Параметр на P10"},
    "tornado_high": {"en": "Input at its P90", "ru": "Параметр на P90"},
    "no_options": {
        "en": "The scenario offers no option besides the baseline.",
        "ru": "В сценарии нет вариантов, кроме базового.",
    },
    # --- workbook -----------------------------------------------------------------------------
    "sheet_report": {"en": "Report", "ru": "Отчёт"},
    "sheet_inputs": {"en": "Inputs", "ru": "Исходные данные"},
    "sheet_losses": {"en": "Losses", "ru": "Потери"},
    "sheet_hours": {"en": "Where the hours go", "ru": "Куда уходят часы"},
    "sheet_client_case": {"en": "Client case", "ru": "Выгода клиента"},
    "sheet_annex": {"en": "SLA annex", "ru": "Приложение SLA"},
    "sheet_context": {"en": "Context", "ru": "Для сравнения"},
    "sheet_cash": {"en": "Cash flows", "ru": "Денежные потоки"},
    "sheet_decision": {"en": "Decision", "ru": "Решение"},
    "sheet_delivery": {"en": "Delivery", "ru": "Сервис"},
    "sheet_staged": {"en": "Staged", "ru": "Поэтапно"},
    "sheet_tornado": {"en": "Tornado", "ru": "Торнадо"},
    "sheet_portfolio": {"en": "Portfolio", "ru": "Портфель"},
    "col_path": {"en": "Field", "ru": "Поле"},
    "col_range_low": {"en": "Range low", "ru": "Диапазон: от"},
    "col_range_high": {"en": "Range high", "ru": "Диапазон: до"},
    "col_range_dist": {"en": "Distribution", "ru": "Распределение"},
    "col_range_mode": {"en": "Mode", "ru": "Мода"},
    "col_stage": {"en": "Stage", "ru": "Этап"},
    "col_hours_per_year": {"en": "Hours/year", "ru": "Часов в год"},
    "col_source": {"en": "Source", "ru": "Источник"},
    "col_figure": {"en": "Figure", "ru": "Данные"},
    "col_k_short": {"en": "k", "ru": "k"},
    "col_p10_npv": {"en": "Integrator NPV P10", "ru": "NPV интегратора P10"},
    "col_p90_npv": {"en": "Integrator NPV P90", "ru": "NPV интегратора P90"},
    "col_group": {"en": "Group", "ru": "Группа"},
    "col_spares_capital": {"en": "Spare-parts capital", "ru": "Капитал в ЗИП"},
}


def check_lang(lang: str) -> str:
    """``lang`` if it is a report language, else an :class:`InputError`.

    Examples
    --------
    >>> check_lang("ru")
    'ru'
    """
    if lang not in LANGUAGES:
        raise InputError(f"lang = {lang!r}: must be one of {', '.join(LANGUAGES)}")
    return lang


def t(key: str, lang: str, /, **values: object) -> str:
    """The text ``key`` in ``lang`` (English when missing) with ``{placeholders}`` filled.

    Examples
    --------
    >>> t("hours_value", "ru", h="4")
    '4 ч'
    """
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def format_number(value: float | None, lang: str, decimals: int = 0) -> str:
    """A number with the language's separators; ``–`` for a missing or infinite value.

    Examples
    --------
    >>> format_number(1234567.891, "en", 1)
    '1,234,567.9'
    >>> format_number(1234567.891, "ru", 1) == "1\\u00a0234\\u00a0567,9"
    True
    >>> format_number(-0.4, "en")
    '0'
    """
    if value is None or not math.isfinite(value):
        return "–"
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]  # no "-0"
    text = text.replace("-", "−")
    if lang == "ru":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def format_percent(value: float | None, lang: str, decimals: int = 0) -> str:
    """A share as a percentage: ``0.1234`` → ``12.3%`` (en) / ``12,3 %`` (ru).

    Examples
    --------
    >>> format_percent(0.1234, "en", 1)
    '12.3%'
    """
    if value is None or not math.isfinite(value):
        return "–"
    text = format_number(value * 100.0, lang, decimals)
    return text + (NBSP + "%" if lang == "ru" else "%")


def format_money(value: float | None, currency: str, lang: str) -> str:
    """Money in the scenario's currency, whole units.

    Examples
    --------
    >>> format_money(1234567, "EUR", "en")
    '€1,234,567'
    >>> format_money(-45600, "RUB", "ru") == "−45\\u00a0600\\u00a0₽"
    True
    """
    if value is None or not math.isfinite(value):
        return "–"
    number = format_number(value, lang, 0)
    sign = ""
    if number.startswith("−"):
        sign, number = "−", number[1:]
    symbol = CURRENCY_SYMBOLS.get(currency)
    if lang == "ru":
        return f"{sign}{number}{NBSP}{symbol or currency}"
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{currency}{NBSP}{number}"


def format_years(value: float | None, lang: str) -> str:
    """Payback in years with one decimal, or "never" for NaN/infinity."""
    if value is None or not math.isfinite(value):
        return t("never", lang)
    return format_number(value, lang, 1)


def format_hours(value: float | None, lang: str) -> str:
    """Hours as ``4 h`` / ``0.5 h`` (en) or ``4 ч`` (ru); "best effort" when absent."""
    if value is None or not math.isfinite(value):
        return t("no_target", lang)
    decimals = 0 if float(value).is_integer() else 2
    return t("hours_value", lang, h=format_number(value, lang, decimals).rstrip("0"))


def describe_window(profile: Profile, lang: str) -> str:
    """A coverage window in words, from its 168 hourly values.

    Days with the same open hours are grouped: ``Mon–Fri 06:00–22:00; Sat 06:00–14:00``.

    Examples
    --------
    >>> describe_window(Profile(preset="business_hours"), "en")
    'Mon–Fri 09:00–18:00 (45 h a week)'
    >>> describe_window(Profile(preset="24x7"), "ru")
    '24*7, круглосуточно'
    """
    values = profile.vector() > 0
    if values.all():
        return t("window_24x7", lang)
    names = t("day_names", lang).split()
    spans: list[str] = []
    for day in range(7):
        hours = values[day * 24 : (day + 1) * 24]
        runs: list[str] = []
        start = None
        for h in range(25):
            is_open = h < 24 and bool(hours[h])
            if is_open and start is None:
                start = h
            elif not is_open and start is not None:
                runs.append(f"{start:02d}:00–{h:02d}:00")
                start = None
        spans.append(", ".join(runs))
    groups: list[str] = []
    day = 0
    while day < 7:
        end = day
        while end + 1 < 7 and spans[end + 1] == spans[day]:
            end += 1
        if spans[day]:
            days = names[day] if end == day else f"{names[day]}–{names[end]}"
            groups.append(f"{days} {spans[day]}")
        day = end + 1
    hours_week = int(np.count_nonzero(values))
    return "; ".join(groups) + f" ({t('window_hours_week', lang, h=hours_week)})"


def sla_shorthand(profile: Profile, restoration_hours: float | None, lang: str) -> str | None:
    """``24x7x4``-style name of a window and a restoration target (``24*7*4`` in Russian).

    Only for windows open the same hours on each open day; None otherwise.

    Examples
    --------
    >>> sla_shorthand(Profile(preset="24x7"), 4.0, "ru")
    '24*7*4'
    >>> sla_shorthand(Profile(preset="business_hours"), None, "en")
    '9x5'
    """
    values = (profile.vector() > 0).reshape(7, 24)
    per_day = values.sum(axis=1)
    open_days = per_day[per_day > 0]
    if open_days.size == 0 or not np.all(open_days == open_days[0]):
        return None
    parts = [str(int(open_days[0])), str(int(open_days.size))]
    if restoration_hours is not None and math.isfinite(restoration_hours):
        parts.append(f"{restoration_hours:g}")
    return ("*" if lang == "ru" else "x").join(parts)


def line_label(name: str, lang: str) -> str:
    """Display name of a cash-flow or cost line (the key itself when unknown).

    Examples
    --------
    >>> line_label("spares_capital", "ru"), line_label("other_cost", "en")
    ('Капитал в ЗИП', 'other cost')
    """
    entry = LINE_LABELS.get(name)
    return entry.get(lang, entry["en"]) if entry else name.replace("_", " ")
