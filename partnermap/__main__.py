from partnermap.cli import run

run()
