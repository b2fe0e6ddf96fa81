/**
 * @file smartservice.h
 * @brief Umbrella header: includes every public module header of libsmartservice.
 *
 * Link with -lsmartservice (pkg-config smartservice, or CMake target smartservice::smartservice).
 * Conventions for every function are in doc/conventions.md.
 */
#ifndef SMARTSERVICE_H
#define SMARTSERVICE_H

#include "smartservice/common.h"
#include "smartservice/money.h"
#include "smartservice/context.h"
#include "smartservice/tier.h"
#include "smartservice/swap.h"
#include "smartservice/diagnosis.h"
#include "smartservice/calendar.h"
#include "smartservice/storage.h"
#include "smartservice/case.h"
#include "smartservice/pricelist.h"
#include "smartservice/invoice.h"
#include "smartservice/charges.h"
#include "smartservice/invoice_run.h"
#include "smartservice/center.h"
#include "smartservice/prices.h"
#include "smartservice/agreement.h"
#include "smartservice/xml.h"
#include "smartservice/report.h"
#include "smartservice/erase.h"
#include "smartservice/note.h"
#include "smartservice/changes.h"
#include "smartservice/roster.h"
#include "smartservice/backup_phone.h"
#include "smartservice/guidance.h"
#include "smartservice/stock_order.h"
#include "smartservice/workshop.h"

#endif /* SMARTSERVICE_H */
