"""Seed cases: the framework's own checks (a valid file goes in; macros are refused)."""

from __future__ import annotations

from hostile import Accept, Case, Refuse, good_bytes, patch_zip, write_bytes

CASES = [
    Case("valid_control.xlsx", write_bytes("11110_2023.xlsx", good_bytes), Accept(),
         "the unchanged valid workbook (control: the harness accepts what is fine)"),
    Case("macro_project.xlsx", write_bytes("11110_2023.xlsx", lambda: patch_zip(
        good_bytes(), add=[("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 508)])),
         Refuse("unsafe_workbook"), "a VBA project inside a workbook named .xlsx"),
]
