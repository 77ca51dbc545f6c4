#!/usr/bin/env python3
"""Writes the demo's landing data: orders (CSV) and customers (JSON lines) of a small web shop, with the
defects real exports have. Deterministic (fixed seed): run it again and the files do not change.

    python3 rule-examples/sample/generate.py rule-examples/src/main/resources/sample
"""
import csv
import datetime as dt
import json
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "."
rnd = random.Random(20261124)

FIRST = ["Jane", "Max", "Aiko", "Luis", "Chloe", "Omar", "Ines", "Piotr", "Sara", "Tom", "Lena", "Ravi", "Emma", "Noah"]
LAST = ["Roe", "Mustermann", "Tanaka", "Garcia", "Martin", "Haddad", "Silva", "Nowak", "Rossi", "Smith", "Berg", "Patel"]
DOMAINS = ["example.com", "example.org", "mail.example.net", "shop.example.fr"]
COUNTRIES = ["FR", "DE", "ES", "IT", "GB", "US", "NL", "BE"]
CURRENCY = {"FR": "EUR", "DE": "EUR", "ES": "EUR", "IT": "EUR", "NL": "EUR", "BE": "EUR", "GB": "GBP", "US": "USD"}
STATUS = ["PLACED", "SHIPPED", "DELIVERED", "DELIVERED", "DELIVERED", "CANCELLED", "RETURNED"]

customers = []
with open(f"{out}/customers.jsonl", "w") as f:
    for i in range(1, 401):
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        domain = rnd.choice(DOMAINS)
        email = f"{first}.{last}{i}@{domain}".lower()
        signup = dt.date(2018, 1, 1) + dt.timedelta(days=rnd.randrange(0, 3000))
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rnd.randrange(0, 20000))
        c = {
            "customer_id": f"C{i:05d}",
            "email": email,
            "email_domain": email,
            "full_name": f"{first} {last}",
            "phone": f"+33 6 {rnd.randrange(10, 99)} {rnd.randrange(10, 99)} {rnd.randrange(10, 99)} {rnd.randrange(10, 99)}",
            "card_prefix": f"4{rnd.randrange(100, 999)}{rnd.randrange(1000, 9999)}",
            "national_id": f"{rnd.randrange(1, 3)}{rnd.randrange(10**12, 10**13)}",
            "birth_date": born.strftime("%d/%m/%Y"),
            "notes": rnd.choice(["", "prefers email", "called about a refund", "VIP since 2021", ""]),
            "signup_date": signup.isoformat(),
            "loyalty_points": rnd.randrange(0, 5000),
            "marketing_opt_in": rnd.choice([True, False]),
            "segment": rnd.choice(["consumer", "consumer", "consumer", "business", "vip"]),
        }
        customers.append(c["customer_id"])
        # Realistic defects, each a handful of times:
        if i % 97 == 0:
            c["email"] = c["email"].replace("@", " at ")            # warn: email pattern
        if i % 89 == 0:
            c["loyalty_points"] = -c["loyalty_points"] - 1          # error: loyalty_points.range
        if i % 83 == 0:
            c["segment"] = "gold"                                   # error: segment.allowed_values
        if i % 79 == 0:
            c["birth_date"] = "1985-13-45"                          # error: birth_date.type (bronze)
        if i % 71 == 0:
            c["loyalty_points"] = "12k"                             # error: loyalty_points.type (bronze)
        if i % 61 == 0:
            c["email"] = None                                       # completeness of email
        f.write(json.dumps(c) + "\n")
        if i % 131 == 0:
            f.write(json.dumps(c) + "\n")                           # error: customer_id.unique (every copy)
        if i == 200:
            f.write('{"customer_id": "C99999", "email": "broken@example.com", "full_name": "Cut Off\n')  # malformed

header = ["order_id", "customer_id", "amount", "discount", "currency", "status", "country", "ordered_at",
          "order_date", "items", "gift_wrap", "shipping_weight_kg", "US Gross"]
start = dt.datetime(2026, 1, 1)
with open(f"{out}/orders.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(header)
    for i in range(1, 3001):
        country = rnd.choice(COUNTRIES)
        at = start + dt.timedelta(seconds=rnd.randrange(0, 320 * 86400))
        amount = round(rnd.uniform(5, 400), 2)
        discount = round(amount * rnd.choice([0, 0, 0, 0.05, 0.1]), 2)
        row = [f"ORD-{100000 + i}", rnd.choice(customers), f"{amount:.2f}", f"{discount:.2f}", CURRENCY[country],
               rnd.choice(STATUS), country, at.strftime("%Y-%m-%d %H:%M:%S"), at.strftime("%Y-%m-%d"),
               str(rnd.randrange(1, 8)), rnd.choice(["true", "false"]), f"{rnd.uniform(0.1, 20):.3f}",
               f"{amount * (1.08 if CURRENCY[country] == 'EUR' else 1.0):.2f}"]
        if i % 151 == 0:
            row[2] = "12,50"                                        # error: amount.type (a comma)
        if i % 173 == 0:
            row[2] = "-" + row[2]                                   # error: amount.range (silver)
        if i % 191 == 0:
            row[4] = "EURO"                                         # error: currency.length (bronze)
        if i % 163 == 0:
            row[4] = "CHF"                                          # error: currency.allowed_values (silver)
        if i % 181 == 0:
            row[6] = country.lower()                                # error: country.pattern (silver)
        if i % 199 == 0:
            row[0] = f"ORD{100000 + i}"                             # error: order_id.pattern (silver)
        if i % 211 == 0:
            row[1] = ""                                             # error: customer_id.required
        if i % 223 == 0:
            row[3] = f"{amount + 10:.2f}"                           # error: discount_le_amount (silver)
        if i % 227 == 0:
            row[7] = "2026-02-30 10:00:00"                          # error: ordered_at.type (bronze)
        if i % 233 == 0:
            row[9] = "0"                                            # error: items.range (silver)
        if i % 139 == 0:
            row[5] = "LOST"                                         # warn: status.allowed_values (silver)
        if i % 241 == 0:
            row[9] = "150"                                          # warn: items_reasonable (silver)
        w.writerow(row)
        if i % 307 == 0:
            w.writerow(row)                                         # error: order_id.unique (bronze)
        if i % 499 == 0:
            f.write(",".join(row[:7]) + "\n")                       # malformed: a line cut short
print(f"wrote {out}/orders.csv and {out}/customers.jsonl")
