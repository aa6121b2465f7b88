"""Every component id of the app, in one place.

Plain ids are string constants; repeated blocks (editable fields, library entries) use
pattern-matching dict ids built by the functions below.
"""

from __future__ import annotations

# -- shell (outside the page container: survives navigation) ----------------------------------
URL = "url"  # dcc.Location, refresh="callback-nav": writing its search re-renders the page
WORKING = "working-scenario"  # dcc.Store (session): {"key", "scenario", "dirty", "invalid"}
FLASH = "flash"  # dbc.Alert for messages that must survive a navigation
LANG_SWITCH = "lang-switch"
DIRTY_BADGE = "dirty-badge"
NAVBAR_BRAND = "navbar-brand"
SHARE_BUTTON = "share-button"  # navbar: make a link that reopens this exact view
SHARE_PANEL = "share-panel"  # dbc.Collapse under the navbar with the link
SHARE_TOKEN = "share-token"  # dcc.Store: {"state": token or "", "note": text} from the server
SHARE_LINK = "share-link"  # read-only input holding the link (built in the browser)
SHARE_NOTE = "share-note"
SHARE_COPY = "share-copy"  # dcc.Clipboard of the link
NAV_PAGES = ("library", "losses", "edit", "compare", "delivery", "design", "business")


def nav_link(page: str) -> str:
    """Id of the navbar link of ``page``."""
    return f"nav-{page}"


# -- every scenario page -----------------------------------------------------------------------
PAGE = "page-context"  # dcc.Store: {"page", "scenario", "lang"} written by the layout function
SCENARIO_PICKER = "scenario-picker"
DISCARD_CONFIRM = "discard-confirm"  # dcc.ConfirmDialog: switch scenario and lose the edits?
DISCARD_PENDING = "discard-pending"  # dcc.Store: the scenario key waiting for that answer
PROBLEMS = "edit-problems"  # problems not attached to a visible field
FIELD = "field"
FEEDBACK = "field-feedback"


def field(path: str) -> dict[str, str]:
    """Pattern-matching id of the input editing the scenario value at ``path``."""
    return {"type": FIELD, "path": path}


def feedback(path: str) -> dict[str, str]:
    """Pattern-matching id of the inline error message of the field at ``path``."""
    return {"type": FEEDBACK, "path": path}


# -- client losses ----------------------------------------------------------------------------
LOSSES_CARDS = "losses-cards"
LOSSES_LEC = "losses-lec"
LOSSES_LOG = "losses-log-scale"
LOSSES_STAGES = "losses-stages"
LOSSES_PRIORITY = "losses-priority"
LOSSES_TOTAL = "losses-total-cost"
LOSSES_ROI = "losses-roi"
LOSSES_BADGE = "losses-badge"
LOSSES_SIMKEY = "losses-simkey"  # dcc.Store: hash + language of the figures on screen
LOSSES_RUN = "losses-full-run"
LOSSES_CANCEL = "losses-cancel"
LOSSES_PROGRESS = "losses-progress"
LOSSES_SIZE = "losses-run-size"  # dbc.Select: trial-years of the full run ("scenario" or a count)

# -- editing ----------------------------------------------------------------------------------
EDIT_RESET = {"type": "reset", "page": "edit"}  # pattern id: the sync callback listens to ALL
RESET = "reset"
EDIT_PREVIEW = "edit-preview"

# -- weekly loss profile (the Edit page's presets and hour-of-week grid) -----------------------
PROFILE_SECTION = "profile-section"
PROFILE_PRESET = "profile-preset"  # pattern id: one button per preset
PROFILE_GRID = "profile-grid"  # dash_table.DataTable: 7 days × 24 hours, shares of the peak
PROFILE_SUMMARY = "profile-summary"
PROFILE_MESSAGE = "profile-message"  # inline: the grid's bad cells (nothing applied)


def profile_preset(key: str) -> dict[str, str]:
    """Pattern-matching id of the button applying loss-profile preset ``key``."""
    return {"type": PROFILE_PRESET, "preset": key}


# -- library ----------------------------------------------------------------------------------
LIB_DUPLICATE = "lib-duplicate"
LIB_SAVE = "lib-save"
LIB_SAVE_AS = "lib-save-as"
LIB_NAME = "lib-name"
LIB_DELETE = "lib-delete"
LIB_DELETE_CONFIRM = "lib-delete-confirm"
LIB_DOWNLOAD = "lib-download"
LIB_DOWNLOAD_DATA = "lib-download-data"
LIB_UPLOAD = "lib-upload"
LIB_UPLOAD_ERRORS = "lib-upload-errors"
LIB_MESSAGE = "lib-message"
LIB_LIST = "lib-list"
LIB_OPEN = "lib-open"
# "New scenario" from a shipped template: its fields, each with an inline error line.
LIB_NEW_TEMPLATE = "lib-new-template"
LIB_NEW_CREATE = "lib-new-create"
LIB_NEW_FIELDS = {  # scenario field path → id of its input
    "name": "lib-new-name",
    "client.name": "lib-new-client",
    "description": "lib-new-description",
    "currency": "lib-new-currency",
}


def lib_new_feedback(path: str) -> str:
    """Id of the inline error under the new-scenario field editing ``path``."""
    return LIB_NEW_FIELDS[path] + "-feedback"


def lib_open(key: str) -> dict[str, str]:
    """Pattern-matching id of the button opening library entry ``key``."""
    return {"type": LIB_OPEN, "key": key}


# -- compare ----------------------------------------------------------------------------------
CMP_PICK = "cmp-pick"
CMP_WHICH = "cmp-which"
CMP_MESSAGE = "cmp-message"
CMP_TABLE = "cmp-table"
CMP_LEC = "cmp-lec"
CMP_DIFF = "cmp-diff"
CMP_BUSINESS = "cmp-business"  # the business case of each shown option
CMP_URL = "cmp-url"  # dcc.Location, refresh=False: records the selection without re-rendering
DELIVERY_URL = "delivery-url"  # dcc.Location, refresh=False: option and contracts in the URL
BIZ_URL = "biz-url"  # dcc.Location, refresh=False: option, ledger and contracts in the URL

# -- delivery ---------------------------------------------------------------------------------
DELIVERY_CONTENT = "delivery-content"
DELIVERY_OPTION = "delivery-option"
DELIVERY_MESSAGE = "delivery-message"
DELIVERY_CARDS = "delivery-cards"
DELIVERY_FTE = "delivery-fte"
DELIVERY_DESK = "delivery-desk"
DELIVERY_FRONTIER = "delivery-frontier"
DELIVERY_SLA = "delivery-sla"
DELIVERY_CREDITS = "delivery-credits"
DELIVERY_SCALING = "delivery-scaling"
DELIVERY_ROTA = "delivery-rota"

# -- business case ----------------------------------------------------------------------------
BIZ_OPTION = "biz-option"
BIZ_SIDE = "biz-side"
BIZ_MESSAGE = "biz-message"
BIZ_BADGE = "biz-badge"
BIZ_CARDS = "biz-cards"
BIZ_TABLES = "biz-tables"
BIZ_CUMULATIVE = "biz-cumulative"
BIZ_NPV = "biz-npv"
BIZ_FAN = "biz-fan"
BIZ_STAGED = "biz-staged"
BIZ_BEATS = "biz-beats"
BIZ_PORTFOLIO = "biz-portfolio"
BIZ_PORTFOLIO_CONTRACTS = "biz-portfolio-contracts"
BIZ_PORTFOLIO_NPV = "biz-portfolio-npv"
BIZ_TORNADO = "biz-tornado"
BIZ_TORNADO_RUN = "biz-tornado-run"
BIZ_TORNADO_CANCEL = "biz-tornado-cancel"
BIZ_TORNADO_PROGRESS = "biz-tornado-progress"
BIZ_TORNADO_NOTE = "biz-tornado-note"
BIZ_SOBOL = "biz-sobol"
BIZ_SOBOL_RUN = "biz-sobol-run"
BIZ_SOBOL_CANCEL = "biz-sobol-cancel"
BIZ_SOBOL_PROGRESS = "biz-sobol-progress"
BIZ_SOBOL_NOTE = "biz-sobol-note"
BIZ_SOLVE_RUN = "biz-solve-run"  # "fee for the target margin" (the margin is a field)
BIZ_SOLVED = "biz-solved"  # the solved fee, or why there is none

# -- report downloads (a panel on the losses, delivery and business-case pages) ----------------
#: Page of a download panel → the report kind it makes.
REPORT_PAGES = {"losses": "client", "delivery": "management", "business": "management"}
REPORT_FORMAT = "format"  # dbc.RadioItems: html / pdf / xlsx
REPORT_BUTTON = "button"
REPORT_DOWNLOAD = "download"  # dcc.Download
REPORT_STATUS = "status"  # spinner + progress text, shown while the report is made
REPORT_STATUS_TEXT = "status-text"
REPORT_MESSAGE = "message"  # the file made, or an inline error


def report(page: str, part: str) -> str:
    """Id of ``part`` (one of the ``REPORT_*`` names) of the download panel on ``page``."""
    return f"report-{page}-{part}"


# -- design search ----------------------------------------------------------------------------
DESIGN_OPTION = "design-option"  # dcc.Dropdown: the options with a design
DESIGN_TARGET_CRITICAL = "design-target-critical"  # share restored within target, critical
DESIGN_TARGET_MAJOR = "design-target-major"  # optional
DESIGN_RUN = "design-run"
DESIGN_MESSAGE = "design-message"
DESIGN_SUMMARY = "design-summary"
DESIGN_FRONTIER = "design-frontier"
DESIGN_TABLE = "design-table"  # dash_table.DataTable of the designs simulated (one selectable)
DESIGN_RESULT = "design-result"  # dcc.Store: the search's points (JSON)
DESIGN_USE = "design-use"  # "use this design": into the session's edits
DESIGN_USED = "design-used"

# -- sites editor (edit page; dashapp/sites_editor.py) -------------------------------------------
SITES_TABLE = "sites-table"  # dash_table.DataTable: one row per site, editable, rows deletable
SITES_ADD = "sites-add"
SITES_MESSAGE = "sites-message"  # inline problems of the table, each naming site, field, value
SITES_BASE = "sites-base"  # dcc.Store: {row id: the site as last applied} (renames, kept keys)
