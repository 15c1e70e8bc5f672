"""bookbuild.chromium: the browser tests find a Chromium wherever a newcomer has one, and say
how to install one when there is none. Fast: fake PATHs with stub executables, no browser started."""

import os
import pathlib
import types

import pytest

from bookbuild import chromium as browser_finder
from bookbuild.chromium import ENV, ChromiumNotFound, find_chromium, install_command

ASK_PLAYWRIGHT = browser_finder.playwright_chromium


def stub(folder, name, executable=True):
    """An empty file named like a browser in `folder`; executable unless told otherwise."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755 if executable else 0o644)
    return path


def fake_playwright(path):
    """What find_chromium reads from a running sync_playwright(): its Chromium's path."""
    return types.SimpleNamespace(chromium=types.SimpleNamespace(executable_path=str(path)))


@pytest.fixture
def nowhere(tmp_path, monkeypatch):
    """A machine with no browser: empty PATH, no override, no macOS app, Playwright's not downloaded."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.setattr(browser_finder, "MACOS_APPS", (tmp_path / "Applications" / "Chromium",))
    monkeypatch.setattr(browser_finder, "playwright_chromium", lambda playwright=None: str(tmp_path / "ms-playwright" / "chrome"))
    return tmp_path


@pytest.mark.parametrize("name", browser_finder.NAMES)
def test_each_usual_name_on_the_path_is_found(nowhere, monkeypatch, name):
    path = stub(nowhere / "bin", name)
    monkeypatch.setenv("PATH", str(nowhere / "bin"))
    assert find_chromium() == path


def test_the_first_name_and_the_first_path_folder_win(nowhere, monkeypatch):
    stub(nowhere / "a", "google-chrome")
    chromium = stub(nowhere / "b", "chromium")
    first = stub(nowhere / "a", "chromium-browser")
    monkeypatch.setenv("PATH", os.pathsep.join([str(nowhere / "a"), str(nowhere / "b")]))
    assert find_chromium() == chromium  # "chromium" comes before the other names, in any folder
    chromium.unlink()
    assert find_chromium() == first  # then "chromium-browser", before "google-chrome"


def test_a_file_that_is_not_executable_is_skipped(nowhere, monkeypatch):
    stub(nowhere / "bin", "chromium", executable=False)
    chrome = stub(nowhere / "bin", "google-chrome-stable")
    monkeypatch.setenv("PATH", str(nowhere / "bin"))
    assert find_chromium() == chrome


def test_the_environment_variable_wins(nowhere, monkeypatch):
    stub(nowhere / "bin", "chromium")
    chosen = stub(nowhere / "elsewhere", "my-chrome")
    monkeypatch.setenv("PATH", str(nowhere / "bin"))
    monkeypatch.setenv(ENV, str(chosen))
    assert find_chromium() == chosen


def test_a_wrong_environment_variable_fails_instead_of_searching(nowhere, monkeypatch):
    stub(nowhere / "bin", "chromium")
    monkeypatch.setenv("PATH", str(nowhere / "bin"))
    monkeypatch.setenv(ENV, str(nowhere / "missing" / "chrome"))
    with pytest.raises(ChromiumNotFound, match=ENV):
        find_chromium()


def test_a_macos_application_is_found(nowhere, monkeypatch):
    app = stub(nowhere / "Applications" / "Google Chrome.app" / "Contents" / "MacOS", "Google Chrome")
    monkeypatch.setattr(browser_finder, "MACOS_APPS", (nowhere / "Applications" / "Chromium", app))
    assert find_chromium() == app


def test_playwrights_own_chromium_is_found_when_downloaded(nowhere, monkeypatch):
    monkeypatch.setattr(browser_finder, "playwright_chromium", ASK_PLAYWRIGHT)  # given a running one's object
    downloaded = stub(nowhere / "ms-playwright" / "chromium-1234" / "chrome-linux", "chrome")
    assert find_chromium(fake_playwright(downloaded)) == downloaded
    with pytest.raises(ChromiumNotFound):  # a path Playwright names but has not downloaded
        find_chromium(fake_playwright(nowhere / "ms-playwright" / "chromium-9999" / "chrome"))


def test_playwright_names_its_chromium():
    """The real question to Playwright (the pinned version's API), without a running instance."""
    path = browser_finder.playwright_chromium()
    assert path and pathlib.Path(path).name.lower().startswith(("chrome", "chromium")), path


@pytest.mark.parametrize(
    "system, tools, os_id, command",
    [
        ("Linux", ["apt-get"], "debian", "apt-get install chromium"),
        ("Linux", ["apt-get"], "ubuntu", "apt-get install chromium-browser"),
        ("Linux", ["apt-get"], "linuxmint", "apt-get install chromium-browser"),  # ID_LIKE=ubuntu
        ("Linux", [], "fedora", "python -m playwright install chromium"),
        ("Darwin", ["brew"], None, "brew install --cask chromium"),
        ("Darwin", [], None, "python -m playwright install chromium"),
        ("Windows", [], None, "python -m playwright install chromium"),
    ],
)
def test_with_no_browser_the_failure_names_the_install_command(nowhere, monkeypatch, system, tools, os_id, command):
    for tool in tools:
        stub(nowhere / "empty-bin", tool)
    monkeypatch.setattr(browser_finder.platform, "system", lambda: system)
    release = {"ID": os_id or "", "ID_LIKE": "ubuntu debian" if os_id == "linuxmint" else ""}
    monkeypatch.setattr(browser_finder.platform, "freedesktop_os_release", lambda: release)
    assert install_command().endswith(command)
    with pytest.raises(ChromiumNotFound) as failure:
        find_chromium()
    message = str(failure.value)
    assert message.endswith(command) and ENV in message


def test_sudo_only_when_not_root(nowhere, monkeypatch):
    stub(nowhere / "empty-bin", "apt-get")
    monkeypatch.setattr(browser_finder.platform, "freedesktop_os_release", lambda: {"ID": "debian"})
    monkeypatch.setattr(browser_finder.os, "geteuid", lambda: 1000, raising=False)
    assert install_command("Linux") == "sudo apt-get install chromium"
    monkeypatch.setattr(browser_finder.os, "geteuid", lambda: 0, raising=False)
    assert install_command("Linux") == "apt-get install chromium"
