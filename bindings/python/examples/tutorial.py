"""The Python twin of doc/tutorial.md: one case from the call to the invoice.

It follows the tutorial's steps with the binding and prints what the C program prints (the block
under "What it prints" on that page); tests/test_tutorial.py runs it and compares the two. Run it
yourself with `python3 tutorial.py` once the package and the library are installed
(bindings/python/README.md).
"""
import datetime
import decimal
import re
import sys

import smartservice as ss
from smartservice import common, errors

STOCKHOLM = datetime.timezone(datetime.timedelta(hours=1))  # CET: November and December


def stockholm(*args):
    return datetime.datetime(*args, tzinfo=STOCKHOLM)


def refused(e):
    """Prints what a call refused, and the call that does what it asks for first, if any."""
    print("refused: %s" % e.message)
    if e.remedy:
        print("  use: %s()" % e.remedy)


def main():
    # 1. A context and its clock: the call comes in at 11:30 on Tuesday 24 November 2026.
    now = stockholm(2026, 11, 24, 11, 30)
    clock = {"now": now}
    ctx = ss.Context(clock=lambda: clock["now"])

    # 2. The agreement comes first (an in-memory store; ss.Store.sqlite(ctx, "cases.db") keeps
    # it in a file). Konsult AB has 40 phones on PROF; its buyer is checked.
    store = ss.Store.memory(ctx)
    buyer = {"name": "Konsult AB", "org_number": "556123-4567", "vat_number": "SE556123456701",
             "city": "Göteborg"}
    store.agreements.create("KONSULT", "Konsult AB", "PROF", 40, actor="lead", buyer=buyer,
                            buyer_reference="IT-avdelningen")
    store.swap.receive("KONSULT", "356938030000013", "iPhone 15", actor="lead")  # one spare phone

    # 3. The call becomes a case: a mistyped customer finds no agreement.
    call = dict(user_name="Erik Sjö", imei="353918112233511", model="iPhone 15",
                symptom="screen", actor="agent-1")
    try:
        store.cases.create("KONSLUT", **call)
    except errors.NotFound as e:
        refused(e)
    case_id = store.cases.create("KONSULT", **call)
    case = store.cases.get(case_id)
    print("case %s registered: tier %s, delivery promised for %s"
          % (case_id, case.tier, ss.format_date(case.promised_delivery)))
    tier = ss.Catalog(ctx).find(case.tier)  # what the tier includes (rule R1)

    # 4. The control questions of the built-in tree, those the tier covers.
    tree = ss.DiagnosisTree(ctx)
    session = ss.DiagnosisSession(tree, tier, "screen")
    for answer in ("yes", "yes"):  # the glass is cracked; the phone still works
        if session.done:
            break
        print("  %s -> %s" % (session.question_text(), answer))
        session.answer(answer)

    # 5. The diagnosis decides, and the phone comes from the SWAP stock.
    store.cases.transition(case_id, ss.CaseState.DIAGNOSING, actor="agent-1")
    result = store.cases.diagnose(case_id, session, actor="agent-1")
    order = store.swap.order(case_id)
    print("outcome: %s, action: %s; the case is %s, phone %s %s for it"
          % (result.outcome.key, result.action.key, result.state.key, order.imei,
             order.state.key))
    for reminder in result.reminders.singles():
        print("  tell the user: %s" % reminder.text())
    try:  # the swap states belong to the pool's operations
        store.cases.transition(case_id, ss.CaseState.SHIPPED, actor="agent-1")
    except errors.StateError as e:
        refused(e)

    clock["now"] = now + datetime.timedelta(minutes=15)
    order = store.swap.ship(case_id, actor="agent-1", carrier="PostNord",
                            tracking="00370712345678901234")
    print("phone %s shipped: delivery %s, the faulty phone is due back by %s"
          % (order.imei, ss.format_date(order.delivery),
             ss.format_date(order.return_deadline)))
    for charge in store.cases.get(case_id).charges:
        print("  %14s  %s" % (common.format_money(charge.amount_minor), charge.text))

    # 6. The faulty phone comes back on Friday and is repaired on Monday: by the agreement it
    # joins the customer's stock (rule R5), and the case is closed.
    clock["now"] = stockholm(2026, 11, 27, 9, 0)
    store.swap.faulty_returned(case_id, actor="agent-2")
    clock["now"] = stockholm(2026, 11, 30, 13, 0)
    store.swap.repaired(case_id, actor="workshop")
    case = store.cases.get(case_id)
    unit = store.swap.unit("KONSULT", case.imei)
    print("case %s is %s after %d events; the repaired phone is %s in the stock"
          % (case.id, case.state.key, len(case.events), unit.state.key))

    # 7. The next month's invoice carries November's freight and packaging. The seller is the
    # Support Center's identity, stored once.
    clock["now"] = stockholm(2026, 12, 1, 9, 0)
    center = {"name": "Smartservice Support Center AB", "org_number": "556677-8899",
              "vat_number": "SE556677889901", "f_skatt": True, "bankgiro": "123-4566"}
    store.center.set(center, actor="lead")
    invoice, _direct = store.invoices.run(ss.Catalog(ctx), "KONSULT", 2026, 12, center)
    print("invoice %s for 2026-12:" % invoice.number)
    lines = _lines(invoice)
    for amount, text in lines:
        print("  %14s  %s" % (common.format_money(amount), text))
    kinds = [text.split(",")[0] for _, text in lines]
    if kinds.count("Freight") != 1 or kinds.count("Packaging") != 1:
        print("the invoice of 2026-12 carries %d freight and %d packaging lines, not 1"
              % (kinds.count("Freight"), kinds.count("Packaging")), file=sys.stderr)
        return 1
    totals = invoice.totals
    print("  %14s  net, %s VAT, %s to pay"
          % (common.format_money(totals.tax_exclusive_minor), common.format_money(totals.tax_minor),
             common.format_money(totals.payable_minor)))

    # 8. Cleaning up: closing the context closes everything made with it.
    ctx.close()
    return 0


def _lines(invoice):
    """(net öre, English text) of the invoice's lines, read from its English text rendering
    (columns two spaces apart: description, quantity, unit, unit price, amount, VAT)."""
    rows = invoice.text(ss.Lang.EN).split("\n")
    rules = [i for i, row in enumerate(rows) if row.startswith("---")]
    out = []
    for row in rows[rules[0] + 1:rules[1]]:
        text, _quantity, _unit, _price, amount, _vat = re.split(r"\s{2,}", row.strip())
        out.append((int(decimal.Decimal(amount) * 100), text))
    return out


if __name__ == "__main__":
    sys.exit(main())
