"""``lms review-optimise``: fit this organisation's FSRS parameters to its review log."""

import sys

import click
from flask.cli import with_appcontext


@click.command("review-optimise")
@click.option("--least", type=click.IntRange(1), default=None, help="Fewest reviews to fit on (default 1000).")
@with_appcontext
def review_optimise_command(least: int | None) -> None:
    """Fit the review scheduler's (FSRS) parameters to the stored answers, when there are enough of them."""
    from lms.services import review_schedule
    from lms.timeutil import utcnow

    least = least or review_schedule.OPTIMISE_MIN_REVIEWS
    try:
        fitted = review_schedule.optimise(utcnow(), least)
    except review_schedule.OptimiserUnavailable as missing:
        click.echo(
            f"无法拟合：FSRS 的参数优化器需要 {'、'.join(missing.missing)}（从 PyPI 安装的 PyTorch 连同其 CUDA 依赖达数 GB），"
            "本系统没有安装，以免为偶尔一次的拟合增加这么重的依赖。复习继续使用 FSRS 的默认参数，它对大多数学员已经合适。"
            '如确需拟合，在安装环境中执行 pip install "fsrs[optimizer]" 后再运行本命令。',
            err=True,
        )
        sys.exit(1)
    if fitted is None:
        click.echo(f"复习记录不足 {least} 条，暂不拟合；继续使用当前参数。")
        return
    click.echo(f"已根据 {fitted.reviews} 条复习记录拟合出新的 FSRS 参数，今后的复习按新参数安排。")
