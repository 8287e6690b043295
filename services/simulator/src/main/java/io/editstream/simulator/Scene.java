package io.editstream.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * An immutable scene: the objects standing on the table or the floor in front of it. The wall, the
 * table and the floor are fixed, so the object list alone determines the picture. Objects keep
 * their ids through edits: replacing an object keeps its place in the list, adding appends and
 * removing drops it, so two scenes compare object by object. Validity (room, gaps, unique object
 * phrases) is {@link Layout}'s rule, checked where scenes are made, not here.
 */
public record Scene(List<SceneObject> objects) {

    public Scene {
        objects = List.copyOf(objects);
    }

    /** The object with this id. */
    public SceneObject object(int id) {
        return find(id).orElseThrow(() -> new NoSuchElementException("no object with id " + id + " in " + this));
    }

    public Optional<SceneObject> find(int id) {
        return objects.stream().filter(o -> o.id() == id).findFirst();
    }

    /** The object described by this phrase ("red ball"), if the scene has it. */
    public Optional<SceneObject> find(SceneObject.Combo combo) {
        return objects.stream().filter(o -> o.combo().equals(combo)).findFirst();
    }

    /** The objects on a support, left to right. */
    public List<SceneObject> on(SceneObject.Support support) {
        return objects.stream().filter(o -> o.support() == support)
                .sorted(Comparator.comparingDouble(SceneObject::x)).toList();
    }

    /** An id no object uses yet. */
    public int nextId() {
        return objects.stream().mapToInt(SceneObject::id).max().orElse(-1) + 1;
    }

    /** This scene with the object of the same id replaced by {@code changed}. */
    public Scene replace(SceneObject changed) {
        List<SceneObject> next = new ArrayList<>(objects.size());
        boolean found = false;
        for (SceneObject o : objects) {
            if (o.id() == changed.id()) {
                next.add(changed);
                found = true;
            } else {
                next.add(o);
            }
        }
        if (!found) {
            throw new NoSuchElementException("no object with id " + changed.id() + " to replace");
        }
        return new Scene(next);
    }

    /** This scene with one more object. */
    public Scene add(SceneObject added) {
        if (find(added.id()).isPresent()) {
            throw new IllegalArgumentException("id " + added.id() + " is already used");
        }
        List<SceneObject> next = new ArrayList<>(objects);
        next.add(added);
        return new Scene(next);
    }

    /** This scene without the object with this id. */
    public Scene remove(int id) {
        object(id);
        return new Scene(objects.stream().filter(o -> o.id() != id).toList());
    }

    /** How many objects the scene holds, in words for instructions ("three"). */
    public String countWord() {
        String[] words = {"no", "one", "two", "three", "four", "five", "six", "seven", "eight"};
        return objects.size() < words.length ? words[objects.size()] : Integer.toString(objects.size());
    }
}
