"""A module-level article step for the scale tests (importable by spawned workers)."""


def marker_step(ctx) -> None:
    ctx.row["marker_sentences"] = len(ctx.sentences)
    ctx.row["marker_pid_free"] = ctx.article.id.upper()
