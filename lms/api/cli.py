"""``lms api-token create|revoke``: API tokens from the command line (for set-up scripts)."""

import sys

import click
from flask.cli import with_appcontext

#: The values of ``TokenScope`` (a test checks they agree), written out so that ``lms --help`` need not import the models.
SCOPES = ("read", "write")


@click.group("api-token")
def api_token_group() -> None:
    """人事系统调用 /api/v1 所用的接口令牌。"""


@api_token_group.command("create")
@click.option("--name", required=True, help="令牌名称（用途，例如 薪酬系统）。")
@click.option("--scope", type=click.Choice(SCOPES), required=True, help="read 或 write。")
@with_appcontext
def create_command(name: str, scope: str) -> None:
    """创建令牌；令牌只在最后一行打印这一次。"""
    from lms.models import TokenScope
    from lms.services import api_tokens

    name = name.strip()
    if not name or len(name) > api_tokens.MAX_NAME:
        click.echo(f"令牌名称不能为空，且最多 {api_tokens.MAX_NAME} 个字。", err=True)
        sys.exit(1)
    try:
        row, token = api_tokens.create(name, TokenScope(scope), actor=None)
    except api_tokens.NameTaken:
        click.echo(
            f"已有一个叫“{name}”的有效令牌：请换个名称，或先吊销它（lms api-token revoke --name {name}）。", err=True
        )
        sys.exit(1)
    click.echo(f"已创建令牌“{row.name}”（{row.scope.value}）。令牌只显示这一次，请立即保存：")
    click.echo(token)


@api_token_group.command("revoke")
@click.option("--name", required=True, help="要吊销的令牌名称。")
@with_appcontext
def revoke_command(name: str) -> None:
    """吊销令牌：之后用它的调用都会被拒绝。"""
    from lms.services import api_tokens

    try:
        row = api_tokens.revoke_named(name)
    except api_tokens.NoSuchToken:
        click.echo(f"没有叫“{name.strip()}”的有效令牌。", err=True)
        sys.exit(1)
    click.echo(f"已吊销令牌“{row.name}”（{row.prefix}…）。")
