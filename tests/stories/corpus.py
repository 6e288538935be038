"""A small written corpus: two floods of one kind nine days apart in different towns,
and an unrelated interest-rate decision."""

from __future__ import annotations

from corroborator.models import ArticleDraft, PartialTime, Precision, Provenance, SourceKind

FLOOD_A = [
    (
        "https://valleypost.example/a1",
        "Valley Post",
        "River Osk bursts its banks in Harwick, forcing hundreds from their homes",
        "2025-03-03",
        "The River Osk burst its banks in Harwick early on Monday, flooding 340 homes in the old "
        "mill district. Mayor Elin Sorvik said firefighters used boats to reach families trapped "
        "on upper floors. The Harwick bridge was closed and trains to Dunmere were suspended. "
        "Forecasters expect the water to keep rising until Wednesday.",
    ),
    (
        "https://northherald.example/harwick-flood",
        "North Herald",
        "Harwick flood: boats rescue trapped families as Osk peaks",
        "2025-03-04",
        "Rescue crews in boats pulled dozens of people from flooded houses in Harwick after the Osk "
        "overflowed on Monday. Elin Sorvik, the town's mayor, said 340 homes were under water and "
        "the mill district would stay closed. Rail services to Dunmere remain cancelled and the "
        "Harwick bridge is shut while engineers check its piers.",
    ),
    (
        "https://coastalnews.example/2025/03/03/harwick",
        "Coastal News",
        "Hundreds evacuated in Harwick as river overflows",
        "2025-03-03",
        "Hundreds of residents of Harwick spent the night in a school gym after the River Osk "
        "flooded the mill district. Mayor Sorvik thanked volunteers who brought blankets and food. "
        "The Dunmere rail line is closed and officials say about 340 homes were damaged.",
    ),
]
FLOOD_B = [
    (
        "https://valleypost.example/b1",
        "Valley Post",
        "Storm surge floods Port Lindqvist harbour front",
        "2025-03-12",
        "A storm surge drove seawater into the harbour front of Port Lindqvist on Wednesday night, "
        "flooding 85 shops and the ferry terminal. Harbour master Tomas Wren said the sea wall was "
        "overtopped for two hours. Ferries to Skerra were cancelled and the coastguard closed the "
        "marina.",
    ),
    (
        "https://northherald.example/lindqvist-surge",
        "North Herald",
        "Port Lindqvist counts cost of storm surge",
        "2025-03-13",
        "Shopkeepers in Port Lindqvist began pumping water out of 85 flooded premises on Thursday "
        "after a storm surge topped the sea wall. Tomas Wren, the harbour master, said ferry "
        "sailings to Skerra would resume once the terminal was inspected. The marina remains "
        "closed.",
    ),
]
RATES = [
    (
        "https://moneydesk.example/rates",
        "Money Desk",
        "Central bank holds interest rate at 4.5% as inflation eases",
        "2025-03-06",
        "The central bank kept its main interest rate at 4.5 percent on Thursday, saying inflation "
        "had eased to 2.8 percent in February. Governor Anika Ruhl said the board would cut rates "
        "only when wage growth slows. Markets had expected the decision.",
    ),
    (
        "https://northherald.example/rates-hold",
        "North Herald",
        "Rates unchanged at 4.5 percent, Ruhl signals patience",
        "2025-03-06",
        "Governor Anika Ruhl left borrowing costs at 4.5 percent and told reporters that the bank "
        "wanted more evidence that inflation, now 2.8 percent, would keep falling before any cut. "
        "Bond yields barely moved after the announcement.",
    ),
]

# Two nights of drone strikes on one port, two days apart, told in much the same words: what
# tells them apart is what each report says was hit, and the day it names.
STRIKES_A = [
    (
        "https://valleypost.example/velmar-11",
        "Valley Post",
        "Drones hit Velmar port overnight, setting grain silos on fire",
        "2025-05-11",
        "Drones struck the port of Velmar overnight into Sunday, 11 May, setting two grain silos on "
        "fire at the Osterkai terminal. Port director Ilse Varga said air defence downed 23 of 31 "
        "drones and nobody was hurt.",
    ),
    (
        "https://northherald.example/velmar-drones-11",
        "North Herald",
        "Grain silos burn at Osterkai after night drone raid",
        "2025-05-11",
        "Two grain silos at the Osterkai terminal burned through the night to 11 May after drones "
        "attacked the port of Velmar. Ilse Varga, who runs the port, said 23 of the 31 drones were "
        "shot down.",
    ),
    (
        "https://coastalnews.example/2025/05/11/velmar",
        "Coastal News",
        "Osterkai silos on fire after 31 drones target Velmar",
        "2025-05-11",
        "Thirty-one drones targeted Velmar on 11 May; 23 were downed, and debris set the Osterkai "
        "grain silos alight, port director Varga said. Firefighters put out the blaze by noon.",
    ),
]
STRIKES_B = [
    (
        "https://valleypost.example/velmar-13",
        "Valley Post",
        "Drones hit Velmar port again, damaging the ferry pier",
        "2025-05-13",
        "Drones struck the port of Velmar overnight into Tuesday, 13 May, damaging the Nordmole "
        "ferry pier and a fuel tank. Port director Ilse Varga said air defence downed 40 of 46 drones "
        "and two dockers were injured.",
    ),
    (
        "https://northherald.example/velmar-drones-13",
        "North Herald",
        "Nordmole ferry pier hit as 46 drones attack Velmar",
        "2025-05-13",
        "The Nordmole ferry pier and a fuel tank were damaged in the night to 13 May when 46 drones "
        "attacked the port of Velmar. Ilse Varga, who runs the port, said 40 were shot down and two "
        "dockers were hurt.",
    ),
    (
        "https://coastalnews.example/2025/05/13/velmar",
        "Coastal News",
        "Second drone raid in a week leaves two dockers injured in Velmar",
        "2025-05-13",
        "Two dockers were injured at the Nordmole pier on 13 May as 46 drones targeted Velmar; 40 "
        "were downed, port director Varga said. Ferries to the islands are suspended.",
    ),
]


def draft(url: str, outlet: str, title: str | None, day: str | None, text: str) -> ArticleDraft:
    return ArticleDraft(
        text=text,
        title=title,
        url=url,
        outlet=outlet,
        language="en",
        published=PartialTime(value=day, precision=Precision.DAY) if day else None,
        provenance=Provenance(kind=SourceKind.TEXT, source=url),
    )


def all_drafts() -> list[ArticleDraft]:
    return [draft(*item) for item in FLOOD_A + FLOOD_B + RATES]
