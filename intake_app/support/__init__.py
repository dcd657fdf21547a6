"""Cross-cutting helpers: folders, resources, errors, the log, atomic files, untrusted input."""
