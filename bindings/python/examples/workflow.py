"""The Python twin of doc/workflow.md: the rules that tie the library's modules together, shown
one by one with the binding on one customer's agreement.

Each step checks what the page promises and stops with a message naming the rule when the
library does something else; tests/test_workflow.py runs it. Run it yourself with
`python3 workflow.py` once the package and the library are installed (bindings/python/README.md).
"""
import datetime
import sys

import smartservice as ss
from smartservice import common, errors
from smartservice.enums import ChangeKind, ChargeKind, OrderState, UnitState

STOCKHOLM = datetime.timezone(datetime.timedelta(hours=1))  # CET: December and January
SELLER = {"name": "Smartservice Support Center AB", "org_number": "556677-8899",
          "vat_number": "SE556677889901", "city": "Stockholm"}
BUYER = {"name": "ACME AB", "org_number": "556036-0793", "vat_number": "SE556036079301",
         "city": "Solna"}
SPARE_1, SPARE_2 = "356938030000013", "356938030000021"


class Broken(Exception):
    """A rule of doc/workflow.md that the library did not keep."""


def check(ok, rule):
    if not ok:
        raise Broken(rule)


def stockholm(*args):
    return datetime.datetime(*args, tzinfo=STOCKHOLM)


def main():
    clock = {"now": stockholm(2026, 12, 7, 9, 0)}  # Monday 7 December 2026
    ctx = ss.Context(clock=lambda: clock["now"], lang=ss.Lang.EN)
    store = ss.Store.memory(ctx)  # ss.Store.sqlite(ctx, "cases.db") keeps it in a file
    prof = ss.Catalog(ctx).find("PROF")

    # -- The agreement is the root of a case ---------------------------------------------------
    store.agreements.create("ACME", "ACME AB", "PROF", 40, actor="lead", buyer=BUYER,
                            buyer_reference="IT")
    store.swap.receive("ACME", SPARE_1, "Fairphone 5", actor="lead")  # one spare phone
    call = dict(user_name="Anna Berg", imei="353918112200015", model="Fairphone 5",
                symptom="screen", actor="agent-1")
    try:
        store.cases.create("ACM", **call)
        check(False, "a customer without agreement is refused")
    except errors.NotFound as e:
        print("unknown customer refused: %s" % e.message)
    try:
        store.cases.create("ACME", tier="BAS", **call)
        check(False, "a tier other than the agreement's is refused")
    except errors.InvalidArgument as e:
        print("other tier refused: %s" % e.message)

    # -- The delivery promise is the registration's ---------------------------------------------
    clock["now"] = stockholm(2026, 12, 7, 13, 58)  # two minutes before the cut-off
    case_id = store.cases.create("ACME", **call)
    promised = store.cases.get(case_id).promised_delivery
    print("case %s registered Monday 13:58: delivery promised %s" % (case_id, promised))
    check(promised == datetime.date(2026, 12, 8), "registered before the cut-off: next day")
    try:
        store.cases.create("ACME", **call)
        check(False, "one open case per phone")
    except errors.AlreadyExists as e:
        print("second open case refused: %s" % e.message)

    # -- The diagnosis belongs to the case: it is checked and does what its outcome says ---------
    clock["now"] = stockholm(2026, 12, 7, 14, 5)  # after the cut-off
    store.cases.transition(case_id, "diagnosing", actor="agent-1")
    session = ss.DiagnosisSession(ss.DiagnosisTree(ctx), prof, "screen")
    for answer in ("yes", "yes"):
        if not session.done:
            session.answer(answer)
    result = store.cases.diagnose(case_id, session, actor="agent-1")
    order = store.swap.order(case_id)
    print("diagnosis %s: %s, the order is %s" % (result.outcome.key, result.action.key,
                                                 order.state.key))
    check(order.state == OrderState.RESERVED, "a definite fault reserves a phone")

    # -- Case and pool cannot disagree -----------------------------------------------------------
    try:
        store.cases.transition(case_id, "shipped", actor="agent-1")
        check(False, "the swap segment belongs to the pool")
    except errors.StateError as e:
        print("case moved by hand refused: %s" % e.message)
    order = store.swap.ship(case_id, actor="agent-1", carrier="PostNord")
    print("shipped Monday 14:05: delivery %s, %d working days late" % (order.delivery,
                                                                       order.late_days))
    check(order.delivery == promised and order.late_days == 0,
          "a reservation after the cut-off does not move the promise")
    kinds = sorted(ChargeKind(c.kind).key for c in store.cases.get(case_id).charges)
    print("the shipment is charged: %s" % ", ".join(kinds))
    check(kinds == ["freight", "packaging"], "every shipment is charged")

    # A second case finds the stock empty: a backorder, late until the phone ships.
    other = store.cases.create("ACME", user_name="Bo Ek", imei="353918112200023",
                               model="Fairphone 5", symptom="screen", actor="agent-1",
                               user_email="bo.ek@acme.se")
    store.cases.transition(other, "diagnosing", actor="agent-1")
    store.cases.set_diagnosis(other, "definite-fault", actor="agent-1")
    backorder = store.swap.reserve(other, actor="agent-1")
    check(backorder.state == OrderState.BACKORDERED and backorder.late_days is None,
          "a backorder is late until it ships")
    clock["now"] = stockholm(2026, 12, 9, 10, 0)
    served = store.swap.receive("ACME", SPARE_2, "Fairphone 5", actor="lead")
    check(served == other, "a phone received serves the oldest backorder")
    late = store.swap.ship(other, actor="agent-1")
    print("backordered case %s served by the next phone: %d working day(s) late"
          % (other, late.late_days))

    # The faulty phone comes back and is repaired: by the agreement it joins the stock.
    clock["now"] = stockholm(2026, 12, 11, 9, 0)
    store.swap.faulty_returned(case_id, actor="agent-2")
    store.swap.repaired(case_id, actor="workshop")
    unit = store.swap.unit("ACME", call["imei"])
    print("case %s is %s; the repaired phone is %s in the stock"
          % (case_id, store.cases.get(case_id).state.key, unit.state.key))
    check(unit.state == UnitState.AVAILABLE, "a repaired phone goes to the stock (rule R5)")

    # -- Explicit instants -----------------------------------------------------------------------
    ticket = stockholm(2026, 12, 10, 16, 30)  # a call from the helpdesk's own ticket
    late_call = store.cases.create("ACME", user_name="Cai Lund", imei="353918112200031",
                                   model="Fairphone 5", symptom="battery", actor="agent-3",
                                   at=ticket)
    check(store.cases.get(late_call).registered_at == ticket, "a case takes the call's instant")
    store.storage.set_instant(ticket)
    store.cases.add_note(late_call, "user called back", actor="agent-3")
    store.storage.set_instant(None)  # back to the clock
    print("case %s back-filled at %s" % (late_call, ticket.isoformat()))

    # -- The month's invoice run: charges in arrears -----------------------------------------------
    prices = store.prices.load(ss.Catalog(ctx))  # loaded once, used for both months
    clock["now"] = stockholm(2027, 1, 4, 9, 0)
    december, _ = store.invoices.run(prices, "ACME", 2026, 12, SELLER)
    january, _ = store.invoices.run(prices, "ACME", 2027, 1, SELLER)
    lines = [line.kind for line in january.lines()]
    print("invoice %s (2027-01): %d lines, %s to pay; December's shipments: %d freight lines"
          % (january.number, len(lines), common.format_money(january.totals.payable_minor),
             lines.count(ChargeKind.FREIGHT)))
    check(ChargeKind.FREIGHT not in [line.kind for line in december.lines()]
          and lines.count(ChargeKind.FREIGHT) == 2, "shipments are invoiced the month after")

    # -- One erasure -------------------------------------------------------------------------------
    # Everything about a user goes, in the cases and the SWAP orders alike (doc/erasure.md).
    erased = store.swap.erase_user("ACME", "bo.ek@acme.se", actor="dpo")
    print("erasure of bo.ek@acme.se: %d case(s)" % erased)
    check(erased == 1 and store.swap.order(other).user_imei is None,
          "one erasure removes the user everywhere")

    # -- Every committed change is in the feed ----------------------------------------------------
    feed = store.changes.read()
    kinds = {c.kind for c in feed}
    print("change feed: %d changes up to position %d" % (len(feed), store.changes.last()))
    check({ChangeKind.AGREEMENT, ChangeKind.CASE, ChangeKind.ORDER, ChangeKind.UNIT,
           ChangeKind.INVOICE} <= kinds, "cases, orders, units and invoices are in the feed")
    check([c.position for c in feed] == list(range(1, len(feed) + 1)), "positions have no gaps")

    ctx.close()
    print("workflow ok")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Broken as rule:
        sys.exit("workflow: the library broke the rule: %s" % rule)
