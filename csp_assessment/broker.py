"""The embedded set-up's Celery broker: kombu's filesystem transport, made safe for a
sender and a worker that run at the same time.

kombu writes a message by opening its final file name and then writing into it, while
the worker moves any file with that name pattern away and reads it. A worker that
picks the file up between the two reads an empty message, and the JSON error stops
the whole worker (kombu issue 1551; the demo's worker died this way within two
minutes of starting, when the beat schedule sent several tasks at once). Here a
message is written under a name the worker does not look at, then renamed into place,
which the filesystem does in one step. A file that still cannot be read (not written
by this transport, or damaged) is set aside in `rejected/` beside the queue and logged,
rather than stopping the worker or being silently dropped.

The Celery app (csp_assessment/celery.py) registers it for every filesystem:// URL, so
the web process, the worker and a test pointing at a folder of its own all use it, and a
redis:// URL is left to kombu's Redis transport.
"""

import logging
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from queue import Empty
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

logger = logging.getLogger(__name__)

# A message being written: a leading dot and a trailing suffix, so kombu's reader,
# which matches "<stamp>_<id>.<queue>.msg", never takes it.
WRITING = ".{name}.writing"


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        folder = Path(self.data_folder_out)
        writing = folder / WRITING.format(name=name)
        try:
            with open(writing, "wb") as out:
                out.write(str_to_bytes(dumps(payload)))
            os.replace(writing, folder / name)
        except OSError as exc:
            writing.unlink(missing_ok=True)
            raise ChannelError(f"Cannot add file {name!r} to the queue folder") from exc

    def _get(self, queue):
        """The oldest whole message for `queue`. Each file is first moved out of the
        queue folder, so two workers never both take it; one that cannot be read is
        set aside and the next is tried, so a bad file never stops the worker."""
        inbox = Path(self.data_folder_in)
        taken = Path(self.processed_folder if self.store_processed else tempfile.gettempdir())
        for name in sorted(os.listdir(inbox)):
            if name.partition(".")[2] != f"{queue}.msg":
                continue
            try:
                shutil.move(inbox / name, taken / name)
            except OSError:
                continue  # another worker took it first
            try:
                payload = (taken / name).read_bytes()
            except OSError as exc:
                raise ChannelError(f"Cannot read {name!r} from the queue") from exc
            try:
                message = loads(bytes_to_str(payload))
            except ValueError:
                _set_aside(inbox, taken / name)
                continue
            if not self.store_processed:
                (taken / name).unlink(missing_ok=True)
            return message
        raise Empty()


def _set_aside(inbox: Path, path: Path) -> None:
    rejected = inbox.parent / "rejected"
    rejected.mkdir(exist_ok=True)
    shutil.move(path, rejected / path.name)
    logger.error("A queued message could not be read; it was set aside as %s", rejected / path.name)


class Transport(filesystem.Transport):
    Channel = Channel


def use_for_filesystem_urls() -> None:
    """Make filesystem:// mean this transport in this process. kombu looks the name up
    when a connection opens, so this runs before the Celery app makes one."""
    TRANSPORT_ALIASES["filesystem"] = f"{__name__}:Transport"
