"""Agreements and cases for the tests of the SWAP pool, money, reports and the rest: through
store.agreements and store.cases where the binding has them, else the store's earlier methods."""

U1, U2, U3, U4 = "356938030000013", "356938030000021", "356938030000039", "356938030000047"
USER = "490154203237518"
SELLER = {"name": "Smartservice Support Center AB", "org_number": "556677-8899",
          "vat_number": "SE556677889901", "city": "Stockholm"}
BUYER = {"name": "Kund AB", "org_number": "556036-0793", "vat_number": "SE556036079301",
         "city": "Solna"}


def agreement(st, customer, fleet=400, tier="PROF", **terms):
    """An agreement for @p customer, with a buyer for its invoices unless given."""
    terms.setdefault("buyer", BUYER)
    terms.setdefault("buyer_reference", "Inköp")
    if hasattr(st.agreements, "create"):
        st.agreements.create(customer, customer + " AB", tier, fleet, actor="lead", **terms)
    else:
        st.create_agreement(customer, customer + " AB", tier, fleet, "lead", **terms)


def diagnosing_case(st, customer, imei=USER, model="Fairphone 5", user="Anna"):
    """A case of @p customer diagnosed with a definite fault (ready for the SWAP pool)."""
    if hasattr(st.cases, "create"):
        cid = st.cases.create(customer, user, imei, model, actor="agent", symptom="screen")
        st.cases.transition(cid, "diagnosing", actor="agent")
        st.cases.set_diagnosis(cid, "definite-fault", actor="agent")
    else:
        cid = st.create_case(customer, user, imei, model, actor="agent", symptom="screen")
        st.transition(cid, "diagnosing", "agent")
        st.set_diagnosis(cid, "definite-fault", "agent")
    return cid
