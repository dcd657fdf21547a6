"""Attachments on a draft: add by file dialog or drag and drop, thumbnails, share or not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStyle,
    QVBoxLayout,
)

from intake_app.app.session import Session
from intake_app.domain.report_record import AttachmentInfo
from intake_app.services.attachments import ALLOWED, MAX_BYTES
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import N_, _, ngettext, number
from intake_app.ui.background import TaskControl, start_task
from intake_app.ui.widgets.layout_helpers import in_documents

THUMB = 96
# Translators: a file dialog's filter: translate the words, keep the brackets and the patterns.
FILTER = N_("Photos and PDFs (*.jpg *.jpeg *.png *.gif *.webp *.pdf)")


def thumbnail(info: AttachmentInfo, content: bytes, fallback: QIcon) -> QIcon:
    if info.media_type.startswith("image/"):
        image = QImage.fromData(content)
        if not image.isNull():
            return QIcon(
                QPixmap.fromImage(image.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio))
            )
    return fallback


class AttachmentsBox(QGroupBox):
    def __init__(self, session: Session, report_id: Callable[[], str | None]) -> None:
        """``report_id`` saves the draft if needed and returns its id (None if it cannot)."""
        super().__init__(_("Photos, screenshots and documents"))
        self.session, self.report_id = session, report_id
        self.setAcceptDrops(True)
        self.listing = QListWidget()
        self.listing.setAccessibleName(_("Attachments"))
        self.listing.setViewMode(QListWidget.ViewMode.IconMode)
        self.listing.setIconSize(QSize(THUMB, THUMB))
        self.listing.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.listing.setMinimumHeight(THUMB + 60)
        self.listing.itemChanged.connect(self._share_changed)
        self.add = QPushButton(_("Add &files…"))
        self.add.clicked.connect(self._choose)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Adding files"))
        self.progress.hide()
        self.cancel = QPushButton(_("Cancel"))
        self.cancel.setAccessibleName(_("Stop adding files"))
        self.cancel.hide()
        self.control: TaskControl | None = None
        self.cancel.clicked.connect(lambda: self.control.cancel() if self.control else None)
        allowed = _(ALLOWED)
        self.message = QLabel(
            # Translators: {allowed} is the kinds of file that may be attached ("Photos (JPEG,
            # PNG, GIF, WebP) and PDF documents"); {size} a number of megabytes. "Add files" is
            # the name of the button beside it.
            _(
                "Drop files here or use Add files. {allowed}, up to {size} MB each. Tick a file "
                "to share it with the police."
            ).format(allowed=allowed[:1].upper() + allowed[1:], size=MAX_BYTES // 1048576)
        )
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.add)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(self.listing)
        column.addLayout(row)
        column.addWidget(self.message)
        self._fallback = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def load(self, infos: list[AttachmentInfo]) -> None:
        self.listing.blockSignals(True)
        self.listing.clear()
        for info in infos:
            _unused, content = self.session.attachments.read(info.id)
            self._show(info, content)
        self.listing.blockSignals(False)

    def _show(self, info: AttachmentInfo, content: bytes) -> None:
        item = QListWidgetItem(thumbnail(info, content, self._fallback), info.label)
        item.setData(Qt.ItemDataRole.UserRole, info.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(
            Qt.CheckState.Checked if info.share_with_police else Qt.CheckState.Unchecked
        )
        item.setToolTip(
            # Translators: {name} is the attachment's name, {size} its size in bytes.
            ngettext(
                "{name} — {size} byte — ticked: shared with the police",
                "{name} — {size} bytes — ticked: shared with the police",
                info.size,
            ).format(name=info.label, size=number(info.size))
        )
        self.listing.blockSignals(True)
        self.listing.addItem(item)
        self.listing.blockSignals(False)

    def _choose(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Add files to the report"), in_documents(), _(FILTER)
        )
        self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> None:
        if not paths:
            return
        report_id = self.report_id()
        if report_id is None:
            self.message.setText(
                _("⚠ Save the report first: it has a problem that stops it saving.")
            )
            return
        self.message.setText(
            ngettext("Adding {count} file…", "Adding {count} files…", len(paths)).format(
                count=len(paths)
            )
        )
        added: list[tuple[AttachmentInfo, bytes]] = []
        refused: list[str] = []

        def add_all(control: TaskControl) -> None:
            for done, path in enumerate(paths):
                control.check()  # Cancel stops before the next file; added ones stay
                control.report(done, len(paths))
                try:
                    if path.stat().st_size > MAX_BYTES:
                        raise IntakeError(
                            # Translators: why a file was not added, after its name:
                            # "photo.jpg: larger than 25 MB".
                            _("larger than {size} MB").format(size=MAX_BYTES // 1048576)
                        )
                    content = path.read_bytes()
                    # The file's name stays inside the encrypted store only.
                    added.append(
                        (self.session.attachments.add(report_id, content, path.name), content)
                    )
                except (IntakeError, OSError) as exc:
                    # Translators: a file that was not added: its name, then why.
                    refused.append(_("{file}: {reason}").format(file=path.name, reason=exc))
            control.report(len(paths), len(paths))

        def finish(note: str = "") -> None:
            self.progress.hide()
            self.cancel.hide()
            self.add.setEnabled(True)
            self.control = None
            for info, content in added:
                self._show(info, content)
            # Translators: how many of the chosen files were added to the report.
            parts = [
                ngettext("Added {count}.", "Added {count}.", len(added)).format(count=len(added))
            ]
            if note:
                parts.append(note)
            if refused:
                # Translators: {files} lists the files not added, each with the reason.
                parts.append(_("Not added: {files}").format(files="; ".join(refused)))
            self.message.setText(" ".join(parts))

        def progressed(done: int, total: int) -> None:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

        self.add.setEnabled(False)
        self.progress.show()
        self.cancel.show()
        self.control = start_task(
            add_all,
            lambda _result: finish(),
            lambda m: self.message.setText(f"⚠ {m}"),
            progressed,
            lambda: finish(_("Stopped: the rest were not added.")),
        )

    def _share_changed(self, item: QListWidgetItem) -> None:
        attachment_id = item.data(Qt.ItemDataRole.UserRole)
        try:
            self.session.attachments.set_shared(
                attachment_id, item.checkState() == Qt.CheckState.Checked
            )
        except IntakeError as exc:
            self.message.setText(f"⚠ {exc}")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.add_files(paths)
