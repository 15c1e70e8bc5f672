"""Where the browser tests and the PDF find a Chromium (README, "Os dois comandos"): wherever a
newcomer has one, on Linux and macOS.

In order, the first executable among: the ``RNNBOOK_CHROMIUM`` environment variable (an explicit
path, which wins), ``chromium``, ``chromium-browser``, ``google-chrome``, ``google-chrome-stable``
and ``chrome`` on the ``PATH`` (Debian's, Ubuntu's, Google Chrome, Homebrew's shim), the macOS
applications, and the Chromium that Playwright downloads (``python -m playwright install
chromium``). With none, :class:`ChromiumNotFound` names the one command that installs a browser on
this system. CI uses Debian's ``chromium``, installed by ``.ci/run``.
"""

import os
import pathlib
import platform
import shutil

ENV = "RNNBOOK_CHROMIUM"
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
MACOS_APPS = (
    pathlib.Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
    pathlib.Path("/Applications/Chromium.app/Contents/MacOS/Chromium"),
)
PLAYWRIGHT_INSTALL = "python -m playwright install chromium"


class ChromiumNotFound(RuntimeError):
    """No Chromium or Chrome on this machine; the message says how to install one."""


def is_executable(path):
    path = pathlib.Path(path)
    return path.is_file() and os.access(path, os.X_OK)


def playwright_chromium(playwright=None):
    """The path of Playwright's own Chromium (it may not be downloaded), or None without Playwright.

    Pass the ``playwright`` object of a running ``sync_playwright()``: a second one cannot start
    inside it.
    """
    if playwright is not None:
        return playwright.chromium.executable_path
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as started:
        return started.chromium.executable_path


def _is_ubuntu():
    try:
        release = platform.freedesktop_os_release()
    except OSError:
        return False
    return "ubuntu" in [release.get("ID", ""), *release.get("ID_LIKE", "").split()]


def install_command(system=None):
    """The one command that installs a browser the tests can use on this system."""
    system = system or platform.system()
    if system == "Linux" and shutil.which("apt-get"):
        package = "chromium-browser" if _is_ubuntu() else "chromium"
        sudo = "" if hasattr(os, "geteuid") and os.geteuid() == 0 else "sudo "
        return f"{sudo}apt-get install {package}"
    if system == "Darwin" and shutil.which("brew"):
        return "brew install --cask chromium"
    return PLAYWRIGHT_INSTALL


def find_chromium(playwright=None):
    """The Chromium (or Chrome) executable the browser tests drive, as a ``pathlib.Path``.

    Raises :class:`ChromiumNotFound` when ``RNNBOOK_CHROMIUM`` names no executable file, or when
    no browser is found; the message names the command that installs one.
    """
    override = os.environ.get(ENV)
    if override:
        if is_executable(override):
            return pathlib.Path(override)
        raise ChromiumNotFound(f"{ENV}={override} is not an executable file: point it at a Chromium "
                               f"or Chrome executable, or unset it to search the usual places")
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return pathlib.Path(found)
    for app in MACOS_APPS:
        if is_executable(app):
            return app
    downloaded = playwright_chromium(playwright)
    if downloaded and is_executable(downloaded):
        return pathlib.Path(downloaded)
    raise ChromiumNotFound(
        f"no Chromium or Chrome found (looked at ${ENV}, {', '.join(NAMES)} on the PATH, the macOS "
        f"applications and Playwright's own Chromium). Install one with:  {install_command()}"
    )
